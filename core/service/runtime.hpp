// One immutable snapshot of everything loaded from config: host settings, plugins, tenants and
// their connectors. A reload builds a new snapshot and swaps it in atomically; deliveries in
// flight keep the snapshot they started with (they hold a shared_ptr to it).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "config/host_config.hpp"
#include "config/tenant_config.hpp"
#include "plugin/connector_instance.hpp"
#include "plugin/plugin_registry.hpp"

namespace erpbridge::service {

struct TenantRuntime {
  // The tenant's config, except `settings` and `settings_lines`: those are emptied once the
  // connector is built (the connector keeps its own parsed copy of its settings).
  config::TenantConfig config;
  std::shared_ptr<plugin::ConnectorInstance> connector;
  std::shared_ptr<http::Endpoint> commerceup;  // sync back; null without `commerceup:`
};

struct Runtime {
  config::HostConfig host;
  plugin::PluginRegistry plugins;
  std::map<std::string, std::shared_ptr<const TenantRuntime>> tenants;  // by tenant id

  std::shared_ptr<const TenantRuntime> tenant(const std::string& id) const;
};

// Loads host file, plugins, tenants and connectors. Throws config::ConfigError on any error
// (an unreadable plugin directory too, reported against the host file's plugin_dir).
std::shared_ptr<const Runtime> load_runtime(const std::filesystem::path& host_file,
                                            const std::filesystem::path& plugin_dir_override = {});

// One line saying how `next` differs from `previous`: tenants added, removed, kept.
std::string describe_reload(const Runtime& previous, const Runtime& next);

// Holds the current snapshot. current() is cheap and thread-safe.
class RuntimeHolder {
 public:
  explicit RuntimeHolder(std::shared_ptr<const Runtime> initial) : current_(std::move(initial)) {}
  std::shared_ptr<const Runtime> current() const;
  void replace(std::shared_ptr<const Runtime> next);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Runtime> current_;
};

}  // namespace erpbridge::service
