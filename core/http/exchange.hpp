// One request/response exchange on one connection, with every failure classified by how far the
// exchange got. Internal to erpbridge_http.
#pragma once

#include <Poco/Net/HTTPRequest.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "http/connection.hpp"
#include "http/http_client.hpp"

namespace erpbridge::http {

struct ExchangeLimits {
  std::chrono::milliseconds read_timeout;
  std::size_t max_body_bytes;
};

// How a reused connection turned out closed by the server, before any response byte.
enum class ReusedClose {
  no,
  while_writing,  // the request did not get out whole: the server cannot have applied it
  after_writing,  // the whole request went out: the server may have applied it
};

struct ExchangeOutcome {
  Response response;
  ReusedClose reused_close = ReusedClose::no;
  // The response was read to its delimited end and the server keeps the connection open.
  bool reusable = false;
  // When reusable: how long the server's Keep-Alive header lets the connection idle.
  std::optional<std::chrono::milliseconds> server_idle_limit = std::nullopt;
};

// `request` must be complete (target, headers); `body` is sent with a Content-Length.
// `origin` names the server in error messages.
ExchangeOutcome exchange(Connection& connection, bool reused, Poco::Net::HTTPRequest& request,
                         const std::string& body, const ExchangeLimits& limits,
                         const std::string& origin);

}  // namespace erpbridge::http
