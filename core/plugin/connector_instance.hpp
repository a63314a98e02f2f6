// A live connector: one tenant's instance of a plugin, bound to that tenant's HTTP endpoint.
// Holds the plugin (and so its library) for as long as it lives.
#pragma once

#include <memory>
#include <string>

#include "common/delivery_result.hpp"
#include "http/http_client.hpp"
#include "plugin/loaded_plugin.hpp"

namespace erpbridge::plugin {

struct ConnectorSettingsError {
  std::string pointer;  // JSON pointer into the tenant's settings ("" when unknown)
  std::string message;
};

class ConnectorInstance {
 public:
  // Creates the plugin's connector with the tenant's settings (JSON text). On refusal returns
  // nullptr and fills `error`. Runs no network I/O.
  static std::unique_ptr<ConnectorInstance> create(std::shared_ptr<LoadedPlugin> plugin,
                                                   std::string tenant_id,
                                                   std::shared_ptr<http::Endpoint> endpoint,
                                                   const std::string& settings_json,
                                                   ConnectorSettingsError& error);
  ~ConnectorInstance();

  // input_json is {"event":..,"refs":..,"attempt":..,"idempotency_key":..}. Never throws.
  DeliveryResult deliver(const std::string& input_json);
  // Lookup of an in-doubt delivery; `invalid` with a message when the plugin has none.
  DeliveryResult lookup(const std::string& input_json);

  const LoadedPlugin& plugin() const { return *plugin_; }
  const std::string& tenant_id() const;

  struct HostContext;  // the erpb_host_ctx behind this instance (defined in the .cpp)

 private:
  ConnectorInstance() = default;
  std::shared_ptr<LoadedPlugin> plugin_;
  std::unique_ptr<HostContext> host_ctx_;
  erpb_connector* connector_ = nullptr;
};

// Parses a plugin's result JSON into a DeliveryResult with the given class. Invalid JSON from
// the plugin becomes `permanent` with a message saying so.
DeliveryResult parse_plugin_result(erpb_result_class cls, const char* data, std::size_t size);

}  // namespace erpbridge::plugin
