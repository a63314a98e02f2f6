// config/tenants/<tenant>.yaml: one Commerceup tenant (project_hash) and its ERP connector.
#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret.hpp"
#include "config/commerceup_settings.hpp"
#include "config/config_error.hpp"
#include "config/inbound_credential.hpp"
#include "http/endpoint_config.hpp"

namespace erpbridge::config {

struct DeliverySettings {
  int max_attempts = 10;
  std::chrono::seconds max_age{24 * 3600};
  int concurrency = 4;
  std::chrono::milliseconds backoff_initial{500};
  std::chrono::milliseconds backoff_max{60000};
};

// Standard Webhooks signatures on POST /v1/events (docs/configuration.md, `webhook`). Without
// secrets, requests need no signature.
struct WebhookSettings {
  std::vector<Secret> secrets;          // "whsec_<base64>"; several while a key is being rotated
  std::chrono::seconds tolerance{300};  // how far webhook-timestamp may be from our clock
};

struct TenantConfig {
  std::filesystem::path file;
  std::string id;   // the Commerceup project_hash
  int id_line = 0;  // line of the `tenant:` key, for errors about the id
  std::vector<InboundCredential> credentials;
  std::string connector;            // plugin name
  http::EndpointConfig connection;  // the ERP endpoint the host's client talks to
  boost::json::value settings;      // connector settings, secrets resolved (an object)
  // JSON pointer inside `settings` ("/events/order.created/path") -> 1-based line in `file`,
  // so a connector's settings error can be reported with its line. Pointers, not dotted
  // paths, because event type keys contain dots.
  std::map<std::string, int> settings_lines;
  int settings_line = 0;  // line of the `settings:` key itself
  DeliverySettings delivery;
  WebhookSettings webhook;
  CommerceupSettings commerceup;  // sync back to Commerceup; enabled only with `commerceup:`

  // Line for a settings JSON pointer, falling back to the nearest parent, then `settings:`.
  int line_of_setting(const std::string& pointer) const;

  // An error about a setting, reported like any config error: `file`:line_of_setting(pointer):
  // settings<pointer>: problem. For whoever validates settings (the connector, via the host).
  ConfigError settings_error(const std::string& pointer, std::string problem) const;
};

// Throws ConfigError naming file, line and key.
TenantConfig load_tenant_config(const std::filesystem::path& file);

// The same from YAML text, as if read from `file` (its folder anchors ${file:relative}
// references and it names errors): for tests and fuzzing, without a file on disk.
TenantConfig parse_tenant_config(std::string_view yaml, const std::filesystem::path& file);

// Loads every *.yaml/*.yml in `dir` (hidden files skipped), sorted by name. Throws on the
// first error, when `dir` is not a readable directory, on two files claiming the same tenant
// id, and on two tenants sharing an inbound credential (a caller must map to one tenant).
std::vector<TenantConfig> load_tenant_configs(const std::filesystem::path& dir);

}  // namespace erpbridge::config
