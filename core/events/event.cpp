#include "events/event.hpp"

#include <boost/json/parse.hpp>

#include "events/event_validation.hpp"
#include "events/json_checks.hpp"

namespace erpbridge::events {

namespace json = boost::json;

const char* to_string(EventType t) {
  switch (t) {
    case EventType::customer_created:
      return "customer.created";
    case EventType::order_created:
      return "order.created";
    case EventType::order_cancelled:
      return "order.cancelled";
    case EventType::order_returned:
      return "order.returned";
  }
  return "unknown";
}

std::optional<EventType> parse_event_type(std::string_view s) {
  for (auto t : {EventType::customer_created, EventType::order_created, EventType::order_cancelled,
                 EventType::order_returned})
    if (s == to_string(t)) return t;
  return std::nullopt;
}

std::string Event::entity_key() const {
  if (type == EventType::customer_created)
    return "customer:" + std::string(data.at("customer_id").as_string());
  return "order:" + std::string(data.at("order_id").as_string());
}

std::string Event::document_id() const {
  switch (type) {
    case EventType::customer_created:
      return std::string(data.at("customer_id").as_string());
    case EventType::order_created:
      return std::string(data.at("order_id").as_string());
    case EventType::order_cancelled:
      return std::string(data.at("cancellation_id").as_string());
    case EventType::order_returned:
      return std::string(data.at("return_id").as_string());
  }
  return {};
}

namespace {

std::optional<Event> from_envelope(json::object envelope, ValidationError& error) {
  JsonChecks c(error);
  if (!(c.identifier(envelope, "event_id", "", kMaxEventIdBytes) &&
        c.required_string(envelope, "event_type", "") &&
        c.timestamp(envelope, "occurred_at", "", true) &&
        c.identifier(envelope, "project_hash", "", 64) &&
        c.required_string(envelope, "schema_version", "", 16) &&
        c.required_object(envelope, "data", "")))
    return std::nullopt;
  auto type = parse_event_type(envelope.at("event_type").as_string());
  if (!type) {
    c.fail("event_type",
           "is not one of customer.created, order.created, order.cancelled, order.returned");
    return std::nullopt;
  }
  if (envelope.at("schema_version").as_string() != "1") {
    c.fail("schema_version", "must be \"1\"");
    return std::nullopt;
  }
  if (!validate_data(*type, envelope.at("data").as_object(), error)) return std::nullopt;

  Event e;
  e.event_id = envelope.at("event_id").as_string();
  e.type = *type;
  e.occurred_at = envelope.at("occurred_at").as_string();
  e.project_hash = envelope.at("project_hash").as_string();
  e.schema_version = envelope.at("schema_version").as_string();
  e.data = envelope.at("data").as_object();
  e.envelope = std::move(envelope);
  return e;
}

}  // namespace

std::optional<Event> parse_event(std::string_view text, ValidationError& error) {
  std::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec) {
    error = {"", "malformed JSON: " + ec.message()};
    return std::nullopt;
  }
  if (!root.is_object()) {
    error = {"", "the event must be a JSON object"};
    return std::nullopt;
  }
  return from_envelope(std::move(root.as_object()), error);
}

std::optional<Event> event_from_data(EventType type, std::string event_id, std::string project_hash,
                                     std::string occurred_at, json::object data,
                                     ValidationError& error) {
  json::object envelope;
  envelope["event_id"] = std::move(event_id);
  envelope["event_type"] = to_string(type);
  envelope["occurred_at"] = std::move(occurred_at);
  envelope["project_hash"] = std::move(project_hash);
  envelope["schema_version"] = "1";
  envelope["data"] = std::move(data);
  return from_envelope(std::move(envelope), error);
}

}  // namespace erpbridge::events
