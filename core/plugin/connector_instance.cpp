#include "plugin/connector_instance.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

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
  if (instance->host_ctx_->endpoint)
    instance->host_ctx_->secrets->add_endpoint(instance->host_ctx_->endpoint->config());
  // Unparsable settings are the plugin's to refuse below; they hold no secret to learn then.
  boost::system::error_code parse_error;
  const boost::json::value settings = boost::json::parse(settings_json, parse_error);
  if (!parse_error) instance->host_ctx_->secrets->add_settings(settings);

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

SecretRedactor& ConnectorInstance::secrets() const {
  return *host_ctx_->secrets;
}

namespace {

// Calls one plugin operation. A C function cannot throw, but a plugin written in C++ without
// the SDK wrapper might; what it threw is returned (empty when nothing was), and `cls` and
// `raw` are what the plugin filled in.
std::string invoke(ConnectorInstance::PluginCall call, erpb_connector* connector,
                   const std::string& input_json, erpb_result_class& cls, erpb_buffer& raw) {
  cls = ERPB_RESULT_PERMANENT;
  try {
    cls = call(connector, erpb_str{input_json.data(), input_json.size()}, &raw);
    return {};
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

std::string ConnectorInstance::threw_message(const char* what, const std::string& thrown) const {
  return "plugin " + plugin_->name() + " threw an exception from " + what + ": " + thrown;
}

DeliveryResult ConnectorInstance::call_plugin(PluginCall call, const char* what,
                                              const std::string& input_json) {
  erpb_buffer raw{nullptr, 0};
  erpb_result_class cls;
  const std::string thrown = invoke(call, connector_, input_json, cls, raw);
  PluginBuffer result(plugin_->info().release_buffer, raw);
  // Permanent, as the SDK wrapper classifies an adapter's own exceptions: retrying a plugin
  // bug would only repeat it; the dead-letter store keeps the event for replay.
  DeliveryResult out =
      thrown.empty() ? parse_plugin_result(cls, result.data(), result.size())
                     : DeliveryResult::failure(ResultClass::permanent, threw_message(what, thrown));
  // The one way an ERP's words leave the plugin: from here on they are stored and shown.
  redact_result(out, *host_ctx_->secrets);
  return out;
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

namespace {

// A pull answer carries at most `limit` changes; anything this large is a plugin bug, and
// copying it would only move the problem into the host.
constexpr std::size_t kMaxChangesBytes = 64u * 1024 * 1024;
constexpr std::size_t kMaxFieldBytes = 256;

SyncCallResult sync_failure(ResultClass cls, std::string message) {
  SyncCallResult out;
  out.result_class = cls;
  out.message = std::move(message);
  return out;
}

// The "field" a translate_push failure names, if it is a short string.
std::string failed_field(std::string_view result_json) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(result_json, ec);
  if (ec || !v.is_object()) return {};
  const boost::json::value* field = v.as_object().if_contains("field");
  if (field == nullptr || !field->is_string() || field->as_string().size() > kMaxFieldBytes)
    return {};
  return std::string(field->as_string());
}

}  // namespace

SyncCallResult ConnectorInstance::call_sync(PluginCall call, const char* what,
                                            const std::string& input_json) {
  if (call == nullptr)
    return sync_failure(ResultClass::invalid,
                        std::string(what) + " is not supported by plugin " + plugin_->name());
  erpb_buffer raw{nullptr, 0};
  erpb_result_class cls;
  const std::string thrown = invoke(call, connector_, input_json, cls, raw);
  PluginBuffer result(plugin_->info().release_buffer, raw);
  if (!thrown.empty())
    return sync_failure(ResultClass::permanent,
                        host_ctx_->secrets->scrub(threw_message(what, thrown)));
  if (cls == ERPB_RESULT_OK) {
    if (result.size() > kMaxChangesBytes)
      return sync_failure(ResultClass::permanent,
                          "plugin " + plugin_->name() + " returned " +
                              std::to_string(result.size()) + " bytes from " + what +
                              ", more than the " + std::to_string(kMaxChangesBytes) + " allowed");
    SyncCallResult out;
    out.changes_json.assign(result.view());
    return out;
  }
  // Failures have the shape of a delivery result: reuse its checks and bounds for the class
  // and message.
  const DeliveryResult failure = parse_plugin_result(cls, result.data(), result.size());
  SyncCallResult out =
      sync_failure(failure.result_class, host_ctx_->secrets->scrub(failure.message));
  out.field = failed_field(result.view());
  return out;
}

SyncCallResult ConnectorInstance::translate_push(const std::string& input_json) {
  try {
    return call_sync(plugin_->translate_push_call(), "translate_push", input_json);
  } catch (const std::exception& e) {
    return sync_failure(ResultClass::retryable,
                        std::string("host error during translate_push: ") + e.what());
  }
}

SyncCallResult ConnectorInstance::pull_changes(const std::string& input_json) {
  try {
    return call_sync(plugin_->pull_changes_call(), "pull_changes", input_json);
  } catch (const std::exception& e) {
    return sync_failure(ResultClass::retryable,
                        std::string("host error during pull_changes: ") + e.what());
  }
}

}  // namespace erpbridge::plugin
