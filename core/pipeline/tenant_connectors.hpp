// Builds each tenant's connector from its config: the host HTTP endpoint for its ERP and an
// instance of the plugin it selects, with the plugin's settings errors turned into config
// errors that name the tenant file and line.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/tenant_config.hpp"
#include "plugin/connector_instance.hpp"
#include "plugin/plugin_registry.hpp"

namespace erpbridge::pipeline {

// Throws config::ConfigError when the plugin is unknown or refuses the settings.
std::unique_ptr<plugin::ConnectorInstance> make_connector(const config::TenantConfig& tenant,
                                                          const plugin::PluginRegistry& plugins);

}  // namespace erpbridge::pipeline
