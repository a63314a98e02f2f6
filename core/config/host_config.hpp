// config/erpbridge.yaml: where plugins, tenants and the store are, and where to listen.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

namespace erpbridge::config {

struct ServerSettings {
  std::string listen_address = "127.0.0.1:8080";
  std::size_t threads = 16;
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::milliseconds keep_alive_timeout{15000};
  std::chrono::milliseconds request_timeout{30000};
};

struct HostConfig {
  std::filesystem::path file;         // the file it came from
  std::filesystem::path plugin_dir;   // relative paths resolve against the file's folder
  std::filesystem::path tenants_dir;
  std::filesystem::path store_path;   // SQLite file
  ServerSettings server;
  std::string log_level = "info";
};

// Throws ConfigError naming file, line and key.
HostConfig load_host_config(const std::filesystem::path& file);

}  // namespace erpbridge::config
