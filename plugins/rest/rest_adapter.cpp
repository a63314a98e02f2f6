#include "rest_adapter.hpp"

#include <boost/json.hpp>

#include "reply_classifier.hpp"
#include "reply_document.hpp"
#include "request_builder.hpp"

namespace erpbridge::rest {
namespace {

using sdk::ResultClass;

sdk::Result failed(ResultClass result_class, std::string message,
                   const sdk::HttpResponse& response) {
  sdk::Result result = sdk::Result::failure(result_class, std::move(message));
  return with_exchange(result, response);
}

void add_line_ids(sdk::Result& result, const ReplyDocument& document,
                  const std::optional<LineIdsLocator>& locator) {
  if (!locator) return;
  boost::json::object ids;
  for (auto& [ours, theirs] : document.line_ids(*locator)) ids[ours] = std::move(theirs);
  if (!ids.empty()) result.with("line_erp_ids", std::move(ids));
}

}  // namespace

RestAdapter::RestAdapter(const boost::json::object& settings)
    : settings_(parse_rest_settings(settings)) {}

const EventSpec* RestAdapter::event_for(const sdk::Delivery& delivery, sdk::Result& refusal) const {
  const boost::json::value* type = delivery.event.if_contains("event_type");
  if (!type || !type->is_string()) {
    refusal = sdk::Result::failure(ResultClass::invalid, "the event has no event_type");
    return nullptr;
  }
  const EventSpec* event = settings_.find(type->get_string());
  if (!event)
    refusal = sdk::Result::failure(
        ResultClass::permanent,
        "event type " + std::string(type->get_string()) + " is not configured for this tenant");
  return event;
}

LuaSession RestAdapter::session_for(const sdk::Delivery& delivery) const {
  return LuaSession(settings_.program, LuaInput{&delivery.event, &delivery.refs, delivery.attempt,
                                                delivery.idempotency_key});
}

sdk::Result RestAdapter::deliver(const sdk::Delivery& delivery, const sdk::Host& host) const {
  sdk::Result refusal;
  const EventSpec* event = event_for(delivery, refusal);
  if (!event) return refusal;
  LuaSession lua = session_for(delivery);
  auto request = build_request(*event, event->request, RequestPurpose::delivery, delivery, lua);
  if (!request) return sdk::Result::failure(ResultClass::invalid, request.error());
  sdk::HttpResponse response = host.send(*request);
  return interpret_delivery_reply(*event, response, lua, std::chrono::system_clock::now());
}

sdk::Result RestAdapter::lookup(const sdk::Delivery& delivery, const sdk::Host& host) const {
  sdk::Result refusal;
  const EventSpec* event = event_for(delivery, refusal);
  if (!event) return refusal;
  if (!event->lookup)
    return sdk::Result::failure(ResultClass::invalid, "no lookup configured for " + event->type);
  LuaSession lua = session_for(delivery);
  auto request =
      build_request(*event, event->lookup->request, RequestPurpose::lookup, delivery, lua);
  if (!request) return sdk::Result::failure(ResultClass::invalid, request.error());
  sdk::HttpResponse response = host.send(*request);
  return interpret_lookup_reply(*event, response, std::chrono::system_clock::now());
}

std::string RestAdapter::erp_message(const EventSpec& event,
                                     const sdk::HttpResponse& response) const {
  // Only a non-2xx result quotes the message: a successful reply is not parsed twice.
  if (!event.message || !response.ok_transport() || is_success_status(response.status) ||
      response.body.empty())
    return {};
  auto document = ReplyDocument::parse(event.format, response.body, &settings_.xml_namespaces);
  if (!document) return {};
  return document->text_at(*event.message).value_or("");
}

sdk::Result RestAdapter::interpret_delivery_reply(const EventSpec& event,
                                                  const sdk::HttpResponse& response,
                                                  LuaSession& lua,
                                                  std::chrono::system_clock::time_point now) const {
  if (auto failure = classify_failure(response, erp_message(event, response), now)) return *failure;
  if (!event.id && !event.line_ids && event.success_chunk < 0) {
    sdk::Result result = sdk::Result::succeeded(true);
    return with_exchange(result, response);
  }
  auto document = ReplyDocument::parse(event.format, response.body, &settings_.xml_namespaces);
  if (!document)
    return failed(
        ResultClass::in_doubt,
        "the ERP answered HTTP " + std::to_string(response.status) +
            " but its reply cannot be read, so the outcome is unknown: " + document.error(),
        response);
  if (event.success_chunk >= 0) {
    if (auto error = lua.set_reply(document->view(), response.status))
      return failed(ResultClass::invalid, *error, response);
    auto success = lua.evaluate(event.success_chunk);
    if (!success) return failed(ResultClass::invalid, success.error(), response);
    if (!*success) {
      std::string message = "the ERP reported a failure";
      auto detail = event.message ? document->text_at(*event.message) : std::nullopt;
      message += detail ? ": " + *detail : " (its reply does not meet the success condition)";
      return failed(ResultClass::permanent, std::move(message), response);
    }
  }
  sdk::Result result;
  if (event.id) {
    auto id = document->text_at(*event.id);
    if (!id) return failed(ResultClass::permanent, "reply has no id at " + *event.id, response);
    result = sdk::Result::created(std::move(*id));
    if (!event.creates) result.with("success", true);
  } else {
    result = sdk::Result::succeeded(true);
  }
  add_line_ids(result, *document, event.line_ids);
  return with_exchange(result, response);
}

sdk::Result RestAdapter::interpret_lookup_reply(const EventSpec& event,
                                                const sdk::HttpResponse& response,
                                                std::chrono::system_clock::time_point now) const {
  const LookupSpec& lookup = *event.lookup;
  if (response.ok_transport() && response.status == 404) {
    sdk::Result result = sdk::Result::not_found();
    return with_exchange(result, response);
  }
  if (auto failure = classify_failure(response, erp_message(event, response), now)) return *failure;
  const auto& line_ids = lookup.line_ids ? lookup.line_ids : event.line_ids;
  if (!lookup.id && !line_ids) {
    sdk::Result result;
    result.with("found", true);
    return with_exchange(result, response);
  }
  auto document = ReplyDocument::parse(event.format, response.body, &settings_.xml_namespaces);
  if (!document)
    return failed(ResultClass::in_doubt,
                  "the ERP answered the lookup with HTTP " + std::to_string(response.status) +
                      " but its reply cannot be read: " + document.error(),
                  response);
  sdk::Result result;
  if (lookup.id) {
    auto id = document->text_at(*lookup.id);
    if (!id)
      return failed(ResultClass::permanent, "lookup reply has no id at " + *lookup.id, response);
    result = sdk::Result::created(std::move(*id));
  }
  result.with("found", true);
  add_line_ids(result, *document, line_ids);
  return with_exchange(result, response);
}

}  // namespace erpbridge::rest
