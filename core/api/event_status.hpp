// How a stored event is shown: GET /v1/events/{id}, dead letters, and `erpbridge dlq --json`.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <string>

#include "store/outbox_rows.hpp"

namespace erpbridge::api {

// "/v1/events/<id>", the id percent-encoded as one path segment.
std::string status_url(const std::string& event_id);

// RFC 3339 UTC with milliseconds: 2026-11-27T05:00:00.123Z.
std::string utc_timestamp(std::int64_t unix_ms);
std::string utc_timestamp(std::chrono::system_clock::time_point t);

// event_id, event_type, tenant, state, attempts, last_class, last_error, erp_id (null until
// known), accepted_at, updated_at, status_url and, once final, result (the delivery result).
boost::json::object event_status_json(const store::OutboxEvent& event);

// Delivered or dead: nothing more will happen without a replay.
bool is_final(store::EventState state);

}  // namespace erpbridge::api
