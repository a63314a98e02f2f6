// One request/response exchange on one connection, with every failure classified by how far the
// exchange got. Internal to erpbridge_http.
#pragma once

#include <Poco/Net/HTTPRequest.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "http/connection.hpp"
#include "http/http_client.hpp"

namespace erpbridge::http {

struct ExchangeLimits {
  std::chrono::milliseconds read_timeout;
  std::size_t max_body_bytes;
};

struct ExchangeOutcome {
  Response response;
  // The connection was reused and the server closed it before answering (no response byte):
  // the request can be sent again on a new connection.
  bool stale_connection = false;
  // The response was read to its delimited end and the server keeps the connection open.
  bool reusable = false;
};

// `request` must be complete (target, headers); `body` is sent with a Content-Length.
// `origin` names the server in error messages.
ExchangeOutcome exchange(Connection& connection, bool reused, Poco::Net::HTTPRequest& request,
                         const std::string& body, const ExchangeLimits& limits,
                         const std::string& origin);

}  // namespace erpbridge::http
