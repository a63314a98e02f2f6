// config/tenants/<tenant>.yaml: one Commerceup tenant (project_hash) and its ERP connector.
#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "config/secret.hpp"
#include "http/endpoint_config.hpp"

namespace erpbridge::config {

// How Commerceup (or any caller) proves it is this tenant. Used by the service.
struct InboundCredential {
  http::AuthKind kind = http::AuthKind::none;
  std::string username;
  Secret password;
  Secret token;
};

struct DeliverySettings {
  int max_attempts = 10;
  std::chrono::seconds max_age{24 * 3600};
  int concurrency = 4;
  std::chrono::milliseconds backoff_initial{500};
  std::chrono::milliseconds backoff_max{60000};
};

struct TenantConfig {
  std::filesystem::path file;
  std::string id;  // the Commerceup project_hash
  std::vector<InboundCredential> credentials;
  std::string connector;           // plugin name
  http::EndpointConfig connection; // the ERP endpoint the host's client talks to
  boost::json::value settings;     // connector settings, secrets resolved (an object)
  // JSON pointer inside `settings` ("/events/order.created/path") -> 1-based line in `file`,
  // so a connector's settings error can be reported with its line. Pointers, not dotted
  // paths, because event type keys contain dots.
  std::map<std::string, int> settings_lines;
  int settings_line = 0;  // line of the `settings:` key itself
  DeliverySettings delivery;

  // Line for a settings JSON pointer, falling back to the nearest parent, then `settings:`.
  int line_of_setting(const std::string& pointer) const;
};

// Throws ConfigError naming file, line and key.
TenantConfig load_tenant_config(const std::filesystem::path& file);

// Loads every *.yaml/*.yml in `dir`, sorted by name. Throws on the first error, and on two
// files claiming the same tenant id.
std::vector<TenantConfig> load_tenant_configs(const std::filesystem::path& dir);

}  // namespace erpbridge::config
