#include "pipeline/tenant_connectors.hpp"

#include <boost/json/serialize.hpp>

#include "config/config_error.hpp"

namespace erpbridge::pipeline {

namespace {

// "/events/order.created/path" -> "settings.events.order.created.path", the way a reader of
// the YAML file would name the key.
std::string settings_key(const std::string& pointer) {
  std::string key = "settings";
  std::size_t i = 0;
  while (i < pointer.size()) {
    if (pointer[i] == '/') {
      key += '.';
    } else if (pointer[i] == '~' && i + 1 < pointer.size()) {
      key += pointer[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      key += pointer[i];
    }
    ++i;
  }
  return key;
}

}  // namespace

std::unique_ptr<plugin::ConnectorInstance> make_connector(const config::TenantConfig& tenant,
                                                          const plugin::PluginRegistry& plugins) {
  auto plugin = plugins.find(tenant.connector);
  if (!plugin) {
    std::string known;
    for (const auto& p : plugins.plugins()) known += (known.empty() ? "" : ", ") + p->name();
    throw config::ConfigError(tenant.file.string(), 0, "connector",
                              "no loaded plugin is named '" + tenant.connector +
                                  "' (loaded: " + (known.empty() ? "none" : known) + ")");
  }
  auto endpoint = std::make_shared<http::Endpoint>(tenant.connection);
  plugin::ConnectorSettingsError error;
  auto connector = plugin::ConnectorInstance::create(
      plugin, tenant.id, std::move(endpoint), boost::json::serialize(tenant.settings), error);
  if (!connector)
    throw config::ConfigError(tenant.file.string(), tenant.line_of_setting(error.pointer),
                              settings_key(error.pointer), error.message);
  return connector;
}

}  // namespace erpbridge::pipeline
