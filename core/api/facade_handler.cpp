// Commerceup's synchronous contract (/createcustomer, /createorder, /cancelorder,
// /returnorder): the body is the event's `data`, JSON or XML; the reply carries the ERP's id.
// Behind it the event goes through the same durable outbox as /v1/events: it is stored first,
// then delivered, and the handler waits for the outcome up to server.request_timeout_ms.
//
// The event id is "<event_type>:<document id>", so the same document for the same tenant is
// one event: a repeated call never reaches the ERP twice and gets the first call's answer.
#include <boost/json/parse.hpp>

#include <variant>

#include "api/error_reply.hpp"
#include "api/event_status.hpp"
#include "api/handlers.hpp"
#include "api/reply.hpp"
#include "api/xml_body.hpp"
#include "common/log.hpp"

namespace erpbridge::api {

namespace json = boost::json;

namespace {

using events::EventType;

const char* document_key(EventType type) {
  switch (type) {
    case EventType::customer_created:
      return "customer_id";
    case EventType::order_created:
      return "order_id";
    case EventType::order_cancelled:
      return "cancellation_id";
    case EventType::order_returned:
      return "return_id";
  }
  return "";
}

// The key Commerceup reads the new id from, for creates.
const char* reply_id_key(EventType type) {
  switch (type) {
    case EventType::customer_created:
      return "customerId";
    case EventType::order_created:
      return "orderId";
    default:
      return nullptr;
  }
}

// Facade errors also carry Commerceup's {"status": "error", "message": ...}, so a caller that
// only knows the integration page sees a failure in the field it checks.
ApiReply facade_error(const ApiError& error, BodyFormat format) {
  if (format == BodyFormat::xml) return error_reply(error, format);
  json::object body = error_json(error);
  body["status"] = "error";
  body["message"] = error.message;
  return json_reply(error.status, body);
}

// The text of the data object: the body, or on a GET without one, ?data=.
std::variant<std::string, ApiError> data_text(const ApiRequest& request) {
  if (!request.body.empty()) return request.body;
  if (request.method == "GET") {
    if (auto it = request.query.find("data"); it != request.query.end()) return it->second;
  }
  return ApiError{400, "missing_body",
                  "send the event's data object as the body (JSON or XML), or on a GET as "
                  "?data=<URL-encoded JSON>",
                  ""};
}

bool looks_like_xml(const ApiRequest& request, const std::string& text) {
  if (!request.body.empty()) return request.format == BodyFormat::xml;
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '<';
}

std::variant<json::object, ApiError> read_data(const ApiRequest& request) {
  auto text = data_text(request);
  if (auto* error = std::get_if<ApiError>(&text)) return *error;
  const std::string& body = std::get<std::string>(text);
  if (looks_like_xml(request, body)) {
    std::string problem;
    auto data = xml_to_json(body, problem);
    if (!data) return ApiError{400, "malformed_body", problem, ""};
    return std::move(*data);
  }
  std::error_code ec;
  json::value value = json::parse(body, ec);
  if (ec) return ApiError{400, "malformed_body", "malformed JSON: " + ec.message(), ""};
  if (!value.is_object())
    return ApiError{422, "invalid_field", "data must be a JSON object (the event's data)", "data"};
  return std::move(value.as_object());
}

std::string document_id(const json::object& data, EventType type) {
  const auto* id = data.if_contains(document_key(type));
  return id && id->is_string() ? std::string(id->as_string()) : std::string();
}

std::chrono::milliseconds wait_limit(ApiContext& context) {
  return context.service.runtime()->host.server.request_timeout;
}

ApiReply answer(const store::OutboxEvent& row, EventType type, BodyFormat format) {
  json::object body;
  if (row.state == store::EventState::delivered) {
    body["status"] = "success";
    if (const char* key = reply_id_key(type)) body[key] = row.erp_id.value_or("");
    return document_reply(format, 200, "response", body);
  }
  if (row.state == store::EventState::dead) {
    const std::string message = row.last_error.empty()
                                    ? "the ERP refused the " + std::string(events::to_string(type))
                                    : row.last_error;
    return facade_error({422, "erp_rejected", message, ""}, format);
  }
  body["status"] = "pending";
  body["event_id"] = row.event_id;
  body["status_url"] = status_url(row.event_id);
  body["message"] =
      "accepted and stored; the ERP has not answered yet. Repeat the call, or "
      "poll status_url, for the final answer";
  return document_reply(format, 202, "response", body);
}

ApiReply handle(EventType type, const ApiRequest& request, ApiContext& context) {
  auto data = read_data(request);
  if (auto* error = std::get_if<ApiError>(&data)) return facade_error(*error, request.format);
  json::object& object = std::get<json::object>(data);

  const std::string event_id =
      std::string(events::to_string(type)) + ":" + document_id(object, type);
  events::ValidationError invalid;
  auto event =
      events::event_from_data(type, event_id, request.tenant, utc_timestamp(request.received_at),
                              std::move(object), invalid);
  if (!event) {
    // The caller sent no event_id: ours is "<event_type>:<document id>", so a problem with it
    // (a line break, too long) is a problem with the document id the caller did send.
    if (invalid.path == "event_id") invalid.path = std::string("data.") + document_key(type);
    return facade_error({422, "invalid_field", invalid.path + " " + invalid.message, invalid.path},
                        request.format);
  }

  // Watching before storing lets the wait read the store once, when the outcome is announced.
  auto watch = context.service.watch_outcome(request.tenant, event_id);
  store::AcceptResult accepted;
  try {
    // Delivered on this thread when its lane and a delivery slot of the tenant are free.
    accepted = context.service.submit_and_deliver(request.tenant, *event);
  } catch (const std::exception& e) {
    log_line(LogLevel::error,
             "api: cannot store " + event_id + " of tenant " + request.tenant + ": " + e.what());
    return facade_error({503, "store_unavailable", "the event could not be stored; retry", ""},
                        request.format);
  }
  if (accepted.refused) return facade_error(ledger_refusal(*accepted.refused), request.format);
  if (is_final(accepted.event.state)) return answer(accepted.event, type, request.format);
  auto outcome = context.service.wait_for_outcome(watch, wait_limit(context));
  return answer(outcome.value_or(accepted.event), type, request.format);
}

}  // namespace

ApiReply create_customer(const ApiRequest& request, ApiContext& context) {
  return handle(EventType::customer_created, request, context);
}
ApiReply create_order(const ApiRequest& request, ApiContext& context) {
  return handle(EventType::order_created, request, context);
}
ApiReply cancel_order(const ApiRequest& request, ApiContext& context) {
  return handle(EventType::order_cancelled, request, context);
}
ApiReply return_order(const ApiRequest& request, ApiContext& context) {
  return handle(EventType::order_returned, request, context);
}

}  // namespace erpbridge::api
