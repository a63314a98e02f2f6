// config/erpbridge.yaml: where plugins, tenants and the store are, and where to listen.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/secret.hpp"

namespace erpbridge::config {

// server.tls: serve HTTPS (TLS 1.2 or later) with this certificate chain and key, PEM files
// re-read on every reload. With client_ca, every client must present a certificate that CA
// signed (mutual TLS).
struct ServerTlsSettings {
  std::filesystem::path cert;       // the server's certificate chain, leaf first
  std::filesystem::path key;        // its private key
  std::filesystem::path client_ca;  // empty: no client certificate asked for
};

struct ServerSettings {
  std::string listen_address = "127.0.0.1:8080";
  std::size_t threads = 16;               // request handler threads (handlers may block on an ERP)
  std::size_t io_threads = 0;             // threads multiplexing the connections; 0: one per core
  std::size_t max_queued_requests = 256;  // read requests waiting for a handler thread
  std::size_t max_connections = 16384;    // open connections; more are answered 503
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::milliseconds keep_alive_timeout{15000};
  std::chrono::milliseconds request_timeout{30000};
  std::optional<ServerTlsSettings> tls;  // none: plain HTTP
};

// Operations endpoints (/metrics, /v1/tenants, /v1/plugins, /v1/admin/reload) need this token
// as a Bearer token. Without one they answer 403.
struct AdminSettings {
  Secret token;
};

struct HostConfig {
  std::filesystem::path file;        // the file it came from
  std::filesystem::path plugin_dir;  // relative paths resolve against the file's folder
  std::filesystem::path tenants_dir;
  std::filesystem::path store_path;  // SQLite file
  // store.synchronous: off | normal | full, SQLite's PRAGMA synchronous for the outbox. What
  // each survives (process kill, power loss) is in docs/delivery.md.
  std::string store_sync = "normal";
  // store.lock_wait_ms: how long `serve` waits for the store's lock held by another process
  // (a restart overlapping the old host's drain) before it refuses to start. 0: refuse at once.
  std::chrono::milliseconds store_lock_wait{0};
  // store.retention_days: delivered outbox rows older than this are pruned (docs/delivery.md
  // #retention); dead letters and open rows never are. 0 keeps delivered rows for ever.
  std::chrono::days store_retention{7};
  ServerSettings server;
  AdminSettings admin;
  std::string log_level = "info";
  std::string log_format = "text";  // text | json (one JSON object per line)
};

// Throws ConfigError naming file, line and key.
HostConfig load_host_config(const std::filesystem::path& file);

// The same from YAML text, as if read from `file` (its folder anchors relative paths and it
// names errors): for tests and fuzzing, without a file on disk.
HostConfig parse_host_config(std::string_view yaml, const std::filesystem::path& file);

}  // namespace erpbridge::config
