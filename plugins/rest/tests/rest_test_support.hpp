// Shared helpers for the rest adapter's tests: sample events, settings from JSON text, and a
// scripted ERP that records the requests it gets.
#pragma once

#include <erpbridge/connector.hpp>
#include <erpbridge/fake_host.hpp>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "rest_adapter.hpp"

namespace erpbridge::rest::testing {

inline boost::json::object parse_object(std::string_view text) {
  return boost::json::parse(text).as_object();
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// tests/samples/<event_type>.json
inline boost::json::object sample_event(const std::string& event_type) {
  return parse_object(read_file(std::string(REST_SAMPLES_DIR) + "/" + event_type + ".json"));
}

inline sdk::Delivery delivery(const std::string& event_type, boost::json::object refs = {},
                              int attempt = 1, std::string key = "evt-key-1") {
  sdk::Delivery d;
  d.event = sample_event(event_type);
  d.refs = std::move(refs);
  d.attempt = attempt;
  d.idempotency_key = std::move(key);
  return d;
}

// The refs the host passes once the sample customer and order exist in the ERP.
inline boost::json::object sample_refs() {
  return parse_object(R"({"customer_erp_id":"C000001","order_erp_id":"SO000001",
                          "line_erp_ids":{"L1":"SO000001-1","L2":"SO000001-2"}})");
}

inline sdk::HttpResponse reply(int status, std::string body,
                               std::vector<std::pair<std::string, std::string>> headers = {}) {
  sdk::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

inline sdk::HttpResponse transport_failure(erpb_transport_status transport, std::string error) {
  sdk::HttpResponse response;
  response.transport = transport;
  response.error = std::move(error);
  return response;
}

// The SDK's fake host, answering every request with `response` and keeping what it was asked.
class ScriptedErp {
 public:
  explicit ScriptedErp(sdk::HttpResponse response) : response_(std::move(response)) {
    host_.answer_with([this](const sdk::HttpRequest& request) {
      requests.push_back(request);
      return response_;
    });
  }
  ScriptedErp(const ScriptedErp&) = delete;
  ScriptedErp& operator=(const ScriptedErp&) = delete;
  sdk::Host sender() { return host_.host(); }
  std::vector<sdk::HttpRequest> requests;

 private:
  sdk::HttpResponse response_;
  sdk::testing::FakeHost host_;
};

inline std::string header_of(const sdk::HttpRequest& request, const std::string& name) {
  for (const auto& [k, v] : request.headers)
    if (k == name) return v;
  return "<absent>";
}

inline std::string class_name(sdk::ResultClass c) {
  switch (c) {
    case sdk::ResultClass::ok:
      return "ok";
    case sdk::ResultClass::invalid:
      return "invalid";
    case sdk::ResultClass::retryable:
      return "retryable";
    case sdk::ResultClass::permanent:
      return "permanent";
    case sdk::ResultClass::in_doubt:
      return "in_doubt";
  }
  return "?";
}

inline std::string message_of(const sdk::Result& result) {
  auto* m = result.details.if_contains("message");
  return m && m->is_string() ? std::string(m->as_string()) : std::string();
}

}  // namespace erpbridge::rest::testing
