// The four Commerceup events (../shared/samples), parsed and validated with Boost.JSON.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace erpbridge::events {

enum class EventType { customer_created, order_created, order_cancelled, order_returned };

const char* to_string(EventType t);  // "customer.created", ...
std::optional<EventType> parse_event_type(std::string_view s);

struct Event {
  std::string event_id;
  EventType type;
  std::string occurred_at;
  std::string project_hash;
  std::string schema_version;
  boost::json::object data;
  boost::json::object envelope;  // the whole validated envelope, as sent to adapters

  // The entity this event belongs to (its ordering lane): "customer:<id>" or "order:<id>".
  std::string entity_key() const;
  // Our own id of the document this event creates or changes: customer_id, order_id,
  // cancellation_id or return_id.
  std::string document_id() const;
};

// A validation failure naming the JSON path ("data.items[1].quantity") and the problem.
struct ValidationError {
  std::string path;
  std::string message;
};

// Parses a full envelope. On error returns nullopt and fills `error`.
std::optional<Event> parse_event(std::string_view json, ValidationError& error);

// Builds and validates an envelope around a facade body (`data` only). Facade calls carry no
// timestamp, so the caller passes the time it received the call as `occurred_at`.
std::optional<Event> event_from_data(EventType type, std::string event_id, std::string project_hash,
                                     std::string occurred_at, boost::json::object data,
                                     ValidationError& error);

}  // namespace erpbridge::events
