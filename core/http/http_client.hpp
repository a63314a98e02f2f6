// The host's HTTP client: one keep-alive connection pool per ERP endpoint. Plugins reach it
// only through the host API table (DESIGN.md principle 2).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/endpoint_config.hpp"

namespace erpbridge::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Whether the client may send a request again by itself, on a new connection, after a reused
// keep-alive connection closed once the request was written and before any reply byte. The
// first copy may have been applied, so only a request that is harmless twice qualifies
// (RFC 9110 section 9.2.2). A request that could not be written whole is repeated in any case.
enum class Repeat {
  by_method,  // yes for GET, HEAD, OPTIONS, PUT, DELETE, or with the declared idempotency key
  safe,       // yes: the caller knows the ERP applies it once however often it arrives
  never,      // no, whatever the method: the caller knows this request has side effects
};

struct Request {
  std::string method = "GET";
  std::string target;  // path+query relative to base_url, or an absolute URL on the same origin
  Headers headers;
  std::string body;
  std::optional<std::chrono::milliseconds> read_timeout;  // overrides the endpoint's
  Repeat repeat = Repeat::by_method;
};

enum class Transport {
  ok,                // a response arrived (any status)
  not_sent,          // connect/DNS/TLS failure: the ERP never saw the request
  sent_no_response,  // timeout or reset after sending: outcome unknown
  bad_request,       // the request cannot be built (bad target, other origin)
};

// A reply whose body exceeds EndpointConfig::max_response_body_bytes is reported as
// sent_no_response, with status and headers filled in but no body: the ERP did act on the
// request, and we cannot read its answer (e.g. the new id), which is exactly "outcome unknown".
// Reporting it as ok with a cut body would let a caller parse half a document as a success.

struct Response {
  Transport transport = Transport::ok;
  int status = 0;
  Headers headers;
  std::string body;
  std::string error;  // when transport != ok; never contains credentials

  std::optional<std::string> header(std::string_view name) const;  // case-insensitive
};

class Endpoint {
 public:
  // Throws std::invalid_argument on a configuration error found at start-up: base_url is not an
  // absolute http(s) URL without query, a default header is malformed, or ca_file is unreadable.
  explicit Endpoint(EndpointConfig config);
  ~Endpoint();
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  // Thread-safe. Adds auth and default headers and reuses a pooled connection. When a reused
  // connection turns out closed by the server before any response byte, the request goes once
  // more on a new connection if it was not written whole or may_repeat() allows it; otherwise
  // the answer is sent_no_response, and the caller's in-doubt handling decides.
  Response send(const Request& request);

  const EndpointConfig& config() const { return config_; }

 private:
  struct State;  // parsed origin, TLS context, connection pool
  EndpointConfig config_;
  std::unique_ptr<State> state_;
};

}  // namespace erpbridge::http
