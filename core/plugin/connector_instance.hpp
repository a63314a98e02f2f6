// A live connector: one tenant's instance of a plugin, bound to that tenant's HTTP endpoint.
// Holds the plugin (and so its library) for as long as it lives.
#pragma once

#include <memory>
#include <string>

#include "common/delivery_result.hpp"
#include "http/http_client.hpp"
#include "plugin/loaded_plugin.hpp"
#include "plugin/plugin_result.hpp"  // ConnectorSettingsError, parse_plugin_result
#include "plugin/result_redaction.hpp"

namespace erpbridge::plugin {

// What an ABI 1.1 sync-back call (translate_push, pull_changes) returned. On ok,
// `changes_json` is the plugin's result JSON as it came (the caller validates it as a changes
// document); otherwise `message` says why and `field` may name the part of the pushed body at
// fault. Both are bounded and come from the plugin, never from the host's secrets.
struct SyncCallResult {
  ResultClass result_class = ResultClass::ok;
  std::string changes_json;
  std::string message;
  std::string field;

  bool ok() const { return result_class == ResultClass::ok; }
};

class ConnectorInstance {
 public:
  // Creates the plugin's connector with the tenant's settings (JSON text). On refusal returns
  // nullptr and fills `error`. Runs no network I/O. `endpoint` may be null (check-config): the
  // plugin's http_send calls then answer ERPB_TRANSPORT_NOT_SENT.
  static std::unique_ptr<ConnectorInstance> create(std::shared_ptr<LoadedPlugin> plugin,
                                                   std::string tenant_id,
                                                   std::shared_ptr<http::Endpoint> endpoint,
                                                   const std::string& settings_json,
                                                   ConnectorSettingsError& error);
  ~ConnectorInstance();
  ConnectorInstance(const ConnectorInstance&) = delete;
  ConnectorInstance& operator=(const ConnectorInstance&) = delete;

  // input_json is {"event":..,"refs":..,"attempt":..,"idempotency_key":..}. Never throws.
  // Thread-safe: the plugin's deliver may run on several threads at once (plugin_abi.h).
  DeliveryResult deliver(const std::string& input_json);
  // Lookup of an in-doubt delivery; `invalid` with a message when the plugin has none.
  DeliveryResult lookup(const std::string& input_json);

  // ABI 1.1: the ERP's own pushed body -> changes JSON. input_json is
  // {"kind": "inventory"|"order_status", "content_type": "..", "body": ".."}. `invalid` when
  // the plugin lacks the operation. Never throws.
  SyncCallResult translate_push(const std::string& input_json);
  // ABI 1.1: the ERP's changes since a cursor. input_json is {"cursor": null|"..",
  // "limit": N}. `invalid` when the plugin lacks the operation. Never throws.
  SyncCallResult pull_changes(const std::string& input_json);

  const LoadedPlugin& plugin() const { return *plugin_; }
  const std::string& tenant_id() const;
  // The tenant's secrets, scrubbed from every result and plugin log line (its endpoint's
  // credentials to begin with; the tenant's runtime adds the rest).
  SecretRedactor& secrets() const;

  struct HostContext;  // the erpb_host_ctx behind this instance (plugin/host_api.hpp)
  using PluginCall = erpb_result_class (*)(erpb_connector*, erpb_str, erpb_buffer*);

 private:
  ConnectorInstance() = default;
  DeliveryResult call_plugin(PluginCall call, const char* what, const std::string& input_json);
  SyncCallResult call_sync(PluginCall call, const char* what, const std::string& input_json);
  std::string threw_message(const char* what, const std::string& thrown) const;

  // Declared first so it is destroyed last: the library must outlive the connector and context.
  std::shared_ptr<LoadedPlugin> plugin_;
  std::unique_ptr<HostContext> host_ctx_;
  erpb_connector* connector_ = nullptr;
};

}  // namespace erpbridge::plugin
