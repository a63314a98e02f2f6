// What every command that talks to ERPs needs: the host config, the loaded plugins and the
// tenants, loaded once in one place.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "config/host_config.hpp"
#include "config/tenant_config.hpp"
#include "plugin/plugin_registry.hpp"

namespace erpbridge::app {

struct HostSetup {
  config::HostConfig host;
  plugin::PluginRegistry plugins;
  std::vector<config::TenantConfig> tenants;

  const config::TenantConfig* find_tenant(const std::string& id) const;
};

// Throws config::ConfigError (and std::runtime_error for an unreadable plugin dir).
// `plugin_dir_override` replaces the host file's plugin_dir when not empty.
HostSetup load_host_setup(const std::filesystem::path& host_file,
                          const std::filesystem::path& plugin_dir_override = {});

}  // namespace erpbridge::app
