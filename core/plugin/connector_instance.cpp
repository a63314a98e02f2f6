#include "plugin/connector_instance.hpp"

#include "common/log.hpp"
#include "plugin/host_api.hpp"
#include "plugin/plugin_buffer.hpp"

namespace erpbridge::plugin {

std::unique_ptr<ConnectorInstance> ConnectorInstance::create(
    std::shared_ptr<LoadedPlugin> plugin, std::string tenant_id,
    std::shared_ptr<http::Endpoint> endpoint, const std::string& settings_json,
    ConnectorSettingsError& error) {
  if (!plugin) {
    error = {"", "no plugin given for the connector"};
    return nullptr;
  }
  std::unique_ptr<ConnectorInstance> instance(new ConnectorInstance());
  instance->plugin_ = std::move(plugin);
  instance->host_ctx_ = std::make_unique<HostContext>(
      HostContext{std::move(tenant_id), instance->plugin_->name(), std::move(endpoint)});

  const erpb_plugin_info& info = instance->plugin_->info();
  erpb_buffer raw_error{nullptr, 0};
  erpb_connector* connector = nullptr;
  std::string thrown;
  try {
    connector = info.create(&host_api(), to_host_ctx(instance->host_ctx_.get()),
                            erpb_str{settings_json.data(), settings_json.size()}, &raw_error);
  } catch (const std::exception& e) {
    thrown = e.what();
  } catch (...) {
    thrown = "unknown exception";
  }
  // Taken over whether or not create succeeded: a plugin may fill the buffer either way.
  PluginBuffer error_text(info.release_buffer, raw_error);
  if (!thrown.empty()) {
    error = {"", "plugin " + instance->plugin_->name() +
                     " threw an exception while creating the connector: " + thrown};
    return nullptr;
  }
  if (!connector) {
    error = parse_settings_error(error_text.view(), instance->plugin_->name());
    return nullptr;
  }
  instance->connector_ = connector;
  return instance;
}

ConnectorInstance::~ConnectorInstance() {
  if (!connector_) return;
  try {
    plugin_->info().destroy(connector_);
  } catch (...) {
    log_line(LogLevel::error, "tenant " + host_ctx_->tenant_id + " plugin " + plugin_->name() +
                                  ": destroy threw an exception; the connector may have leaked");
  }
}

const std::string& ConnectorInstance::tenant_id() const {
  return host_ctx_->tenant_id;
}

DeliveryResult ConnectorInstance::call_plugin(PluginCall call, const char* what,
                                              const std::string& input_json) {
  erpb_buffer raw{nullptr, 0};
  erpb_result_class cls = ERPB_RESULT_PERMANENT;
  std::string thrown;
  try {
    cls = call(connector_, erpb_str{input_json.data(), input_json.size()}, &raw);
  } catch (const std::exception& e) {
    thrown = e.what();
  } catch (...) {
    thrown = "unknown exception";
  }
  PluginBuffer result(plugin_->info().release_buffer, raw);
  // Permanent, as the SDK wrapper classifies an adapter's own exceptions: retrying a plugin
  // bug would only repeat it; the dead-letter store keeps the event for replay.
  if (!thrown.empty())
    return DeliveryResult::failure(
        ResultClass::permanent,
        "plugin " + plugin_->name() + " threw an exception from " + what + ": " + thrown);
  return parse_plugin_result(cls, result.data(), result.size());
}

DeliveryResult ConnectorInstance::deliver(const std::string& input_json) {
  try {
    return call_plugin(plugin_->info().deliver, "deliver", input_json);
  } catch (const std::exception& e) {
    // The host's own handling failed (bad_alloc), possibly after the plugin reached the ERP:
    // in doubt, so the pipeline looks the document up before sending it again.
    return DeliveryResult::failure(ResultClass::in_doubt,
                                   std::string("host error while delivering: ") + e.what());
  }
}

DeliveryResult ConnectorInstance::lookup(const std::string& input_json) {
  try {
    if (!plugin_->supports_lookup())
      return DeliveryResult::failure(ResultClass::invalid,
                                     "lookup not supported by plugin " + plugin_->name());
    return check_lookup_result(call_plugin(plugin_->info().lookup, "lookup", input_json));
  } catch (const std::exception& e) {
    return DeliveryResult::failure(ResultClass::retryable,
                                   std::string("host error during lookup: ") + e.what());
  }
}

}  // namespace erpbridge::plugin
