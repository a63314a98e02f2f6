#include "pipeline/tenant_connectors.hpp"

#include <boost/json/serialize.hpp>

#include "config/config_error.hpp"

namespace erpbridge::pipeline {

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
    throw tenant.settings_error(error.pointer,
                                error.message);  // "settings/<pointer>", as documented
  return connector;
}

}  // namespace erpbridge::pipeline
