#include "config/host_config.hpp"

#include <algorithm>
#include <array>

#include "config/config_section.hpp"
#include "config/yaml_document.hpp"

namespace erpbridge::config {

namespace {

using detail::Section;

constexpr std::uint64_t kDayMs = 24ull * 3600 * 1000;
constexpr std::uint64_t kMaxRetentionDays = 3650;
constexpr std::array<std::string_view, 4> kLogLevels{"debug", "info", "warn", "error"};
constexpr std::array<std::string_view, 2> kLogFormats{"text", "json"};
constexpr std::array<std::string_view, 3> kSyncLevels{"off", "normal", "full"};

bool is_port(std::string_view s) {
  if (s.empty() || s.size() > 5 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  return std::stoi(std::string(s)) <= 65535;  // 0 asks the OS for a free port (tests)
}

// host:port or [v6]:port; checked here so a typo is reported with its line rather than as a
// bind failure.
std::string read_listen(const Section& server) {
  ExpandedText listen = server.required_string("listen");
  const std::string& text = listen.value;
  const std::size_t colon = text.rfind(':');
  const bool bracketed = text.starts_with('[');
  const bool ok = colon != std::string::npos && colon > 0 && is_port(text.substr(colon + 1)) &&
                  (!bracketed || text[colon - 1] == ']') && (bracketed || text.find(':') == colon);
  if (!ok) {
    server.fail("listen", "expected host:port (e.g. 127.0.0.1:8080 or [::1]:8080), got " +
                              detail::describe_text(listen));
  }
  return text;
}

// The files must be there when the host starts or reloads: a missing certificate is reported
// by check-config with its line, not first by the server's start.
std::filesystem::path read_tls_file(const Section& tls, std::string_view key) {
  std::filesystem::path file = tls.required_path(key);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) tls.fail(key, "no such file: " + file.string());
  return file;
}

ServerTlsSettings read_server_tls(const Section& tls) {
  ServerTlsSettings out;
  out.cert = read_tls_file(tls, "cert");
  out.key = read_tls_file(tls, "key");
  if (tls.has("client_ca")) out.client_ca = read_tls_file(tls, "client_ca");
  return out;
}

ServerSettings read_server(const Section& server) {
  ServerSettings out;
  if (server.has("listen")) out.listen_address = read_listen(server);
  out.threads = server.number("threads", out.threads, 1, 1024, "threads");
  out.io_threads = server.number("io_threads", out.io_threads, 0, 256, "threads");
  out.max_queued_requests =
      server.number("max_queued_requests", out.max_queued_requests, 1, 1 << 20, "requests");
  out.max_connections =
      server.number("max_connections", out.max_connections, 1, 1 << 20, "connections");
  out.max_body_bytes =
      server.number("max_body_bytes", out.max_body_bytes, 1, std::uint64_t{1} << 30, "bytes");
  out.keep_alive_timeout = std::chrono::milliseconds(server.number(
      "keep_alive_timeout_ms", out.keep_alive_timeout.count(), 1, kDayMs, "milliseconds"));
  out.request_timeout = std::chrono::milliseconds(
      server.number("request_timeout_ms", out.request_timeout.count(), 1, kDayMs, "milliseconds"));
  if (auto tls =
          server.optional_section("tls", std::vector<std::string>{"cert", "key", "client_ca"}))
    out.tls = read_server_tls(*tls);
  return out;
}

std::string read_log_level(const Section& top) {
  ExpandedText level = top.required_string("log_level");
  if (std::find(kLogLevels.begin(), kLogLevels.end(), level.value) == kLogLevels.end()) {
    top.fail("log_level",
             "expected debug, info, warn or error, got " + detail::describe_text(level));
  }
  return level.value;
}

std::string read_log_format(const Section& top) {
  ExpandedText format = top.required_string("log_format");
  if (std::find(kLogFormats.begin(), kLogFormats.end(), format.value) == kLogFormats.end())
    top.fail("log_format", "expected text or json, got " + detail::describe_text(format));
  return format.value;
}

std::string read_store_sync(const Section& store) {
  ExpandedText level = store.required_string("synchronous");
  if (std::find(kSyncLevels.begin(), kSyncLevels.end(), level.value) == kSyncLevels.end()) {
    store.fail("synchronous", "expected off, normal or full, got " + detail::describe_text(level));
  }
  return level.value;
}

HostConfig read_host_config(const detail::YamlDocument& doc, const std::filesystem::path& file) {
  const Section top = Section::top(
      doc, {"plugin_dir", "tenants_dir", "store", "server", "admin", "log_level", "log_format"});
  HostConfig out;
  out.file = file;
  out.plugin_dir = top.required_path("plugin_dir");
  out.tenants_dir = top.required_path("tenants_dir");
  const Section store =
      top.section("store", {"path", "synchronous", "lock_wait_ms", "retention_days"});
  out.store_path = store.required_path("path");
  if (store.has("synchronous")) out.store_sync = read_store_sync(store);
  out.store_lock_wait = std::chrono::milliseconds(
      store.number("lock_wait_ms", out.store_lock_wait.count(), 0, kDayMs, "milliseconds"));
  out.store_retention = std::chrono::days(
      store.number("retention_days", out.store_retention.count(), 0, kMaxRetentionDays, "days"));
  if (auto server = top.optional_section(
          "server", std::vector<std::string>{
                        "listen", "threads", "io_threads", "max_queued_requests", "max_connections",
                        "max_body_bytes", "keep_alive_timeout_ms", "request_timeout_ms", "tls"})) {
    out.server = read_server(*server);
  }
  if (auto admin = top.optional_section("admin", std::vector<std::string>{"token"})) {
    out.admin.token = admin->required_secret("token");
  }
  if (top.has("log_level")) out.log_level = read_log_level(top);
  if (top.has("log_format")) out.log_format = read_log_format(top);
  return out;
}

}  // namespace

HostConfig load_host_config(const std::filesystem::path& file) {
  return read_host_config(detail::YamlDocument::load(file), file);
}

HostConfig parse_host_config(std::string_view yaml, const std::filesystem::path& file) {
  return read_host_config(detail::YamlDocument::parse(yaml, file), file);
}

}  // namespace erpbridge::config
