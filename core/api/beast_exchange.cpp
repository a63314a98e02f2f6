#include "api/beast_exchange.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>

#include <ctime>
#include <string_view>

#include "api/request_dispatch.hpp"
#include "api/url_encoding.hpp"

namespace erpbridge::api {

namespace http = boost::beast::http;

namespace {

// RFC 9110 section 6.6.1: an origin server with a clock sends Date.
std::string http_date() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[40];
  const std::size_t n = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(text, n);
}

}  // namespace

ReceivedRequest received_request(BeastRequest&& message) {
  ReceivedRequest out;
  out.keep_alive = message.keep_alive();
  out.version = message.version();
  out.head = message.method() == http::verb::head;
  ApiRequest& request = out.request;
  request.method = std::string(message.method_string());
  for (const auto& field : message)
    request.headers.add(std::string(field.name_string()), std::string(field.value()));
  const std::string_view target = message.target();
  const std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) out.query = std::string(target.substr(question + 1));
  request.body = std::move(message.body());
  request.format = format_of(request.headers, !request.body.empty());
  return out;
}

ApiReply handle(ReceivedRequest& received, ApiContext& context) {
  ApiRequest& request = received.request;
  auto query = parse_query(received.query);
  if (!query) {
    return error_reply(
        {400, "malformed_query", "the query string is not valid percent-encoding", ""},
        request.format);
  }
  request.query = std::move(*query);
  return dispatch(request, context);
}

BodyFormat format_of_header(const BeastRequest& header) {
  Headers headers;
  for (const char* name : {"Content-Type", "Accept"}) {
    const auto value = header[name];
    if (!value.empty()) headers.add(name, std::string(value));
  }
  const bool has_body = header.has_content_length() || header.chunked();
  return format_of(headers, has_body);
}

std::optional<ApiError> transport_error(const boost::system::error_code& ec, std::size_t max_body) {
  namespace asio_error = boost::asio::error;
  if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
      ec == asio_error::eof || ec == asio_error::connection_reset ||
      ec == asio_error::broken_pipe || ec == asio_error::operation_aborted)
    return std::nullopt;
  if (ec == http::error::body_limit)
    return ApiError{413, "body_too_large",
                    "the body is larger than the limit of " + std::to_string(max_body) +
                        " bytes (server.max_body_bytes)",
                    ""};
  if (ec == http::error::header_limit)
    return ApiError{400, "bad_request", "the request line and headers are too large", ""};
  if (ec == http::error::bad_content_length)
    return ApiError{400, "bad_request", "Content-Length is not a non-negative decimal number", ""};
  // Every other parser error (request line, field syntax, chunk framing) is the client's.
  if (ec.category() == http::make_error_code(http::error::bad_method).category())
    return ApiError{400, "bad_request", "the request is not valid HTTP/1.1: " + ec.message(), ""};
  return std::nullopt;  // a socket error: the connection is gone
}

ApiError length_required() {
  return ApiError{411, "length_required", "send Content-Length or a chunked body", ""};
}

ApiError request_timeout() {
  return ApiError{408, "request_timeout",
                  "the request did not arrive in time (server.request_timeout_ms)", ""};
}

ApiReply server_busy(const std::string& why, BodyFormat format) {
  ApiReply reply = error_reply({503, "server_busy", why + "; retry", ""}, format);
  reply.headers.emplace_back("Retry-After", "1");
  return reply;
}

BeastResponse to_beast(ApiReply&& reply, unsigned version, bool keep_alive, bool head) {
  BeastResponse response;
  response.version(version);
  response.result(static_cast<unsigned>(reply.status));
  response.set(http::field::server, "erpbridge");
  response.set(http::field::date, http_date());
  if (!reply.content_type.empty()) response.set(http::field::content_type, reply.content_type);
  for (const auto& [name, value] : reply.headers) response.set(name, value);
  response.body() = std::move(reply.body);
  response.keep_alive(keep_alive);
  response.prepare_payload();
  if (head) {
    const std::size_t length = response.body().size();
    response.body().clear();
    response.content_length(length);
  }
  return response;
}

}  // namespace erpbridge::api
