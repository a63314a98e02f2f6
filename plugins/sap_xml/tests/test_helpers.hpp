// Shared by the sap_xml unit tests: tenant settings, sample deliveries and XPath checks.
#pragma once

#include <erpbridge/connector.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <erpbridge/fake_host.hpp>
#include <erpbridge/xml.hpp>
#include "sap_settings.hpp"

namespace erpbridge::sap_xml::testing {

inline boost::json::object minimal_settings() {
  return boost::json::parse(R"({"control": {"mandt": "100", "sndprn": "COMMERCEUP",
                                            "rcvprn": "S4HCLNT100"}})")
      .as_object();
}

inline Settings settings_with(const char* extra_json = "{}") {
  auto s = minimal_settings();
  const boost::json::value extra = boost::json::parse(extra_json);  // outlives the loop
  for (const auto& [k, v] : extra.as_object()) s[k] = v;
  return parse_settings(s);
}

inline boost::json::object sample_event(const std::string& name) {
  std::ifstream in(std::filesystem::path(ERPBRIDGE_SAMPLES_DIR) / (name + ".json"));
  std::ostringstream text;
  text << in.rdbuf();
  return boost::json::parse(text.str()).as_object();
}

inline sdk::Delivery delivery(const std::string& name, const char* refs_json = "{}") {
  sdk::Delivery d;
  d.event = sample_event(name);
  d.refs = boost::json::parse(refs_json).as_object();
  d.idempotency_key = "p8f3a21:" + std::string(d.event.at("event_id").as_string());
  return d;
}

// The text XPath `path` selects in `xml`, or "<none>".
inline std::string at(const std::string& xml, const std::string& path) {
  auto doc = sdk::XmlDocument::parse(xml);
  if (!doc) return "<not XML>";
  return doc->text_at(path).value_or("<none>");
}

// `status` and `body` as they reach the adapter through a host, classified by the host's rule
// (the SDK's fake host: no server).
inline sdk::HttpResponse answer(int status, std::string body,
                                std::vector<std::pair<std::string, std::string>> headers = {}) {
  sdk::testing::FakeHost host;
  host.push(sdk::testing::reply(status, std::move(body), std::move(headers)));
  return host.host().send({});
}

}  // namespace erpbridge::sap_xml::testing
