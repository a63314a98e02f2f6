// Endpoint settings for tests: generous timeouts so that only the behaviour under test decides.
#pragma once

#include <chrono>
#include <string>

#include "http/endpoint_config.hpp"
#include "http/http_client.hpp"

namespace erpbridge::http::testkit {

inline EndpointConfig endpoint_config(const std::string& base_url) {
  EndpointConfig config;
  config.base_url = base_url;
  config.connect_timeout = std::chrono::seconds(5);
  config.read_timeout = std::chrono::seconds(10);
  return config;
}

inline Request get(const std::string& target) {
  Request request;
  request.target = target;
  return request;
}

}  // namespace erpbridge::http::testkit
