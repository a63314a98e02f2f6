#include "plugin_connector.hpp"

#include <stdexcept>

#include "http/http_client.hpp"

namespace erpbridge::testing {

namespace json = boost::json;

PluginConnector::PluginConnector(std::shared_ptr<plugin::LoadedPlugin> plugin, std::string tenant,
                                 http::EndpointConfig erp, const json::object& settings)
    : tenant_(std::move(tenant)) {
  plugin::ConnectorSettingsError error;
  instance_ = plugin::ConnectorInstance::create(std::move(plugin), tenant_,
                                                std::make_shared<http::Endpoint>(std::move(erp)),
                                                json::serialize(settings), error);
  if (!instance_)
    throw std::runtime_error("the plugin refused its settings: " + error.pointer + ": " +
                             error.message);
}

DeliveryResult PluginConnector::deliver(const json::value& event, json::object refs) {
  const auto& envelope = event.as_object();
  const std::string key = tenant_ + ":" + std::string(envelope.at("event_id").as_string());
  return instance_->deliver(json::serialize(json::object{
      {"event", envelope}, {"refs", std::move(refs)}, {"attempt", 1}, {"idempotency_key", key}}));
}

PullAnswer PluginConnector::pull(const std::optional<std::string>& cursor, int limit) {
  json::object input{{"cursor", nullptr}, {"limit", limit}};
  if (cursor) input["cursor"] = *cursor;
  const auto result = instance_->pull_changes(json::serialize(input));
  PullAnswer answer;
  answer.result_class = result.result_class;
  if (result.ok()) {
    answer.body = json::parse(result.changes_json).as_object();
  } else {
    answer.body["message"] = result.message;
    if (!result.field.empty()) answer.body["field"] = result.field;
  }
  return answer;
}

}  // namespace erpbridge::testing
