#include "service/runtime.hpp"

#include "config/config_error.hpp"
#include "pipeline/tenant_connectors.hpp"
#include "service/commerceup_endpoint.hpp"

namespace erpbridge::service {

namespace {

plugin::PluginRegistry scan_plugins(const config::HostConfig& host) {
  try {
    return plugin::PluginRegistry::scan(host.plugin_dir);
  } catch (const config::ConfigError&) {
    throw;
  } catch (const std::exception& e) {
    // Reported like every config error, so reload and start-up read the same.
    throw config::ConfigError(host.file.string(), 0, "plugin_dir", e.what());
  }
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

std::shared_ptr<const TenantRuntime> Runtime::tenant(const std::string& id) const {
  auto it = tenants.find(id);
  return it == tenants.end() ? nullptr : it->second;
}

std::shared_ptr<const Runtime> load_runtime(const std::filesystem::path& host_file,
                                            const std::filesystem::path& plugin_dir_override) {
  auto runtime = std::make_shared<Runtime>();
  runtime->host = config::load_host_config(host_file);
  if (!plugin_dir_override.empty()) runtime->host.plugin_dir = plugin_dir_override;
  runtime->plugins = scan_plugins(runtime->host);
  for (auto& tenant : config::load_tenant_configs(runtime->host.tenants_dir)) {
    std::shared_ptr<plugin::ConnectorInstance> connector =
        pipeline::make_connector(tenant, runtime->plugins);
    std::shared_ptr<http::Endpoint> commerceup = make_commerceup_endpoint(tenant);
    const std::string id = tenant.id;
    runtime->tenants[id] = std::make_shared<const TenantRuntime>(
        TenantRuntime{std::move(tenant), connector, std::move(commerceup)});
  }
  return runtime;
}

std::string describe_reload(const Runtime& previous, const Runtime& next) {
  std::vector<std::string> added, removed;
  for (const auto& [id, t] : next.tenants)
    if (!previous.tenants.count(id)) added.push_back(id);
  for (const auto& [id, t] : previous.tenants)
    if (!next.tenants.count(id)) removed.push_back(id);
  std::string text = "reloaded " + std::to_string(next.tenants.size()) +
                     " tenants (added: " + joined(added) + "; removed: " + joined(removed) + ")";
  if (next.host.store_path != previous.host.store_path ||
      next.host.store_sync != previous.host.store_sync)
    text += "; store settings changed: they take effect at the next start";
  return text;
}

std::shared_ptr<const Runtime> RuntimeHolder::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

void RuntimeHolder::replace(std::shared_ptr<const Runtime> next) {
  std::shared_ptr<const Runtime> old;
  {
    std::lock_guard lock(mutex_);
    old = std::exchange(current_, std::move(next));
  }
  // `old` dies here, outside the lock: destroying connectors can take a while.
}

}  // namespace erpbridge::service
