// The seam between Boost.Beast's messages and the handlers' ApiRequest/ApiReply: the body
// string is moved across, never copied, and what a request means is still decided by
// request_dispatch. Also the JSON errors the transport itself answers with (docs/http-api.yaml,
// Error), so a client that breaks HTTP gets the same error shape as one that breaks JSON.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <optional>
#include <string>

#include "api/api_context.hpp"
#include "api/api_exchange.hpp"
#include "api/error_reply.hpp"

namespace erpbridge::api {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// A received request, to run on a handler thread: the ApiRequest (body moved out of the
// Beast message) and the raw query string, decoded on that thread.
struct ReceivedRequest {
  ApiRequest request;
  std::string query;
  bool keep_alive = true;
  unsigned version = 11;
  bool head = false;  // HEAD: the reply's headers (its Content-Length too) without its body
};

ReceivedRequest received_request(BeastRequest&& message);

// Decodes the query and dispatches: the reply the client gets.
ApiReply handle(ReceivedRequest& received, ApiContext& context);

// The format a refusal of this request's header is written in (before its body is read).
BodyFormat format_of_header(const BeastRequest& header);

// The reply to a request Beast's parser refused, or nullopt when there is nobody to answer
// (the client closed the connection or reset it).
std::optional<ApiError> transport_error(const boost::system::error_code& ec, std::size_t max_body);

// A POST or PUT with neither Content-Length nor a chunked body.
ApiError length_required();
// The whole request did not arrive within server.request_timeout_ms.
ApiError request_timeout();
// No handler thread free and the queue full, or too many connections: 503 + Retry-After.
ApiReply server_busy(const std::string& why, BodyFormat format);

BeastResponse to_beast(ApiReply&& reply, unsigned version, bool keep_alive, bool head = false);

}  // namespace erpbridge::api
