#include "app/host_setup.hpp"

#include "common/log.hpp"

namespace erpbridge::app {

const config::TenantConfig* HostSetup::find_tenant(const std::string& id) const {
  for (const auto& t : tenants)
    if (t.id == id) return &t;
  return nullptr;
}

HostSetup load_host_setup(const std::filesystem::path& host_file,
                          const std::filesystem::path& plugin_dir_override) {
  HostSetup setup;
  setup.host = config::load_host_config(host_file);
  set_log_threshold(parse_log_level(setup.host.log_level));
  set_log_format(parse_log_format(setup.host.log_format));
  if (!plugin_dir_override.empty()) setup.host.plugin_dir = plugin_dir_override;
  setup.plugins = plugin::PluginRegistry::scan(setup.host.plugin_dir);
  setup.tenants = config::load_tenant_configs(setup.host.tenants_dir);
  return setup;
}

}  // namespace erpbridge::app
