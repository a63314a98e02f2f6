// Tryton's JSON-RPC envelope (PROTOCOL.md §1): a POST to /<database>/ with Content-Type
// application/json and a body of exactly {"id", "method", "params"} (any other key, such as
// "jsonrpc", makes Tryton drop the envelope); the reply is {"id", "result"} or {"id", "error"}.
#pragma once

#include <erpbridge/connector.hpp>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "error_classifier.hpp"
#include "outcome.hpp"

namespace erpbridge::tryton {

// The request for `method` with `params`. `authorization` is empty for calls that need none.
// Every call is a POST, so the host would never repeat one after a reply lost on a reused
// connection: a read (`effect`) is marked ERPB_REPEAT_SAFE, so it still is, and a write
// ERPB_REPEAT_NEVER, so its lost reply always comes back as in doubt.
sdk::HttpRequest rpc_request(const std::string& path, std::int64_t id, std::string_view method,
                             const boost::json::array& params, const std::string& authorization,
                             std::uint32_t timeout_ms, Effect effect);

// The `result` of a reply to call `id`, or its classified failure (HTTP 401 included, as a
// permanent failure: callers that can log in again look at the status first).
Expected<boost::json::value> rpc_result(const sdk::HttpResponse& response, std::int64_t id,
                                        Effect effect, std::string_view method);

}  // namespace erpbridge::tryton
