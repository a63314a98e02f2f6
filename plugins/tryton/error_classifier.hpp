// Turns what Tryton answered into a result class (DESIGN.md principle 8; PROTOCOL.md §4):
//  - transport: not sent -> retryable; sent without reply -> in doubt for a write, retryable
//    for a read (a read changes nothing, so sending it again is safe);
//  - HTTP: 429, 408, 5xx -> retryable (honouring Retry-After); 403 -> permanent (method not
//    exposed over RPC); other non-200 -> permanent; HTML bodies become a short plain-text
//    excerpt;
//  - JSON-RPC `error`: UserError/UserWarning/LoginException -> permanent with the message only
//    (error[1][0]; the third element can be tens of kB of domain detail), ConcurrencyException
//    and a locked database -> retryable, anything else -> permanent.
// HTTP 401 is not classified here: the JSON-RPC client answers it by logging in again.
#pragma once

#include <erpbridge/connector.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "outcome.hpp"

namespace erpbridge::tryton {

// Whether a call changes Tryton: a lost reply to a write leaves its outcome in doubt.
enum class Effect { read, write };

// The failure for a response that is not a usable HTTP 200, or nullopt when it is one.
// `what` names the call in messages ("model.sale.sale.create").
std::optional<Failure> classify_http(const sdk::HttpResponse& response, Effect effect,
                                     std::string_view what);

// The failure for the `error` member of a JSON-RPC reply.
Failure classify_rpc_error(const boost::json::value& error, std::string_view what);

// The failure for a 200 reply that is not a JSON-RPC envelope.
Failure unreadable_reply(const sdk::HttpResponse& response, Effect effect, std::string_view what);

// A short plain-text excerpt of a reply body: tags of an HTML page removed, whitespace
// collapsed, cut at `limit` bytes on a UTF-8 boundary.
std::string plain_text_excerpt(std::string_view body, std::size_t limit = 200);

// Retry-After in milliseconds (delta-seconds form only), or nullopt.
std::optional<std::int64_t> retry_after_ms(const sdk::HttpResponse& response);

}  // namespace erpbridge::tryton
