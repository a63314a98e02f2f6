// The host's HTTP client: one keep-alive connection pool per ERP endpoint. Plugins reach it
// only through the host API table (DESIGN.md principle 2).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/endpoint_config.hpp"

namespace erpbridge::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  std::string target;  // path+query relative to base_url, or an absolute URL on the same origin
  Headers headers;
  std::string body;
  std::optional<std::chrono::milliseconds> read_timeout;  // overrides the endpoint's
};

enum class Transport {
  ok,               // a response arrived (any status)
  not_sent,         // connect/DNS/TLS failure: the ERP never saw the request
  sent_no_response, // timeout or reset after sending: outcome unknown
  bad_request,      // the request cannot be built (bad target, other origin)
};

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
  explicit Endpoint(EndpointConfig config);
  ~Endpoint();
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  // Thread-safe. Adds auth and default headers, reuses a pooled connection, and on a stale
  // pooled connection (reset before any response byte) retries once on a fresh one.
  Response send(const Request& request);

  const EndpointConfig& config() const { return config_; }

 private:
  struct Pool;
  EndpointConfig config_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace erpbridge::http
