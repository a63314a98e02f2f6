// Turns one delivery and its event's settings into the HTTP request the host sends: expands
// the path, query and header templates, renders the body mapping as JSON or XML, and adds
// Content-Type, Accept and the idempotency header.
#pragma once

#include <erpbridge/connector.hpp>

#include <erpbridge/expected.hpp>
#include "lua_runtime.hpp"
#include "rest_settings.hpp"

namespace erpbridge::rest {

enum class RequestPurpose { delivery, lookup };

// A failure means the mapping could not produce a request (the delivery is `invalid`).
sdk::Expected<sdk::HttpRequest> build_request(const EventSpec& event, const RequestSpec& spec,
                                              RequestPurpose purpose, const sdk::Delivery& delivery,
                                              LuaSession& lua);

}  // namespace erpbridge::rest
