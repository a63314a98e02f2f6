#include "service/runtime.hpp"

#include <boost/json/object.hpp>

#include <exception>
#include <map>
#include <string>
#include <vector>

#include "common/parallel_for.hpp"
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

// The connector has parsed the settings into its own form; the JSON copy and its line map
// are only needed for errors while it is created. With 10,000 tenants they were a third of
// the memory the host kept.
void release_connector_settings(config::TenantConfig& tenant) {
  tenant.settings = boost::json::object();
  std::map<std::string, int>().swap(tenant.settings_lines);
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
  std::vector<config::TenantConfig> configs =
      config::load_tenant_configs(runtime->host.tenants_dir);
  // Connectors are created on every core: with thousands of tenants this is most of the
  // start-up. The first error in file-name order is the one reported, as with a plain loop.
  std::vector<std::shared_ptr<const TenantRuntime>> built(configs.size());
  const std::vector<std::exception_ptr> errors = parallel_for(configs.size(), [&](std::size_t i) {
    config::TenantConfig& tenant = configs[i];
    std::shared_ptr<plugin::ConnectorInstance> connector =
        pipeline::make_connector(tenant, runtime->plugins);
    std::shared_ptr<http::Endpoint> commerceup = make_commerceup_endpoint(tenant);
    release_connector_settings(tenant);
    built[i] = std::make_shared<const TenantRuntime>(
        TenantRuntime{std::move(tenant), std::move(connector), std::move(commerceup)});
  });
  for (std::size_t i = 0; i < built.size(); ++i) {
    if (errors[i]) std::rethrow_exception(errors[i]);
    runtime->tenants[built[i]->config.id] = std::move(built[i]);
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
