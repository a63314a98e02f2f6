// The sample events of tests/samples with their ids made unique per test, so tests that share
// one Tryton (all of them, when the test binary runs as a whole) never meet each other's
// parties and sales. Under ctest each test runs alone with a fresh database anyway.
#pragma once

#include <boost/json.hpp>

#include <string>

#include "unit/test_support.hpp"

namespace erpbridge::testing {

struct SampleIds {
  std::string suffix;  // "-3"

  std::string customer() const { return "cu_1001" + suffix; }
  std::string order() const { return "ORD-5001" + suffix; }
  std::string cancellation() const { return "CX-1" + suffix; }
  std::string return_id() const { return "RT-1" + suffix; }

  // tests/samples/<name>.json with every id suffixed.
  boost::json::value event(const std::string& name) const {
    auto v = boost::json::parse(sample(name));
    auto& envelope = v.as_object();
    envelope["event_id"] = std::string(envelope.at("event_id").as_string()) + suffix;
    auto& data = envelope.at("data").as_object();
    auto rename = [&](boost::json::object& o, const char* key, const std::string& value) {
      if (o.contains(key)) o[key] = value;
    };
    rename(data, "customer_id", customer());
    rename(data, "order_id", order());
    rename(data, "cancellation_id", cancellation());
    rename(data, "return_id", return_id());
    if (auto* c = data.if_contains("customer"); c && c->is_object())
      rename(c->as_object(), "customer_id", customer());
    return v;
  }
};

// A new suffix for each test of this process.
inline SampleIds next_sample_ids() {
  static int counter = 0;
  return SampleIds{"-" + std::to_string(++counter)};
}

}  // namespace erpbridge::testing
