// Fuzz target: an SAP system's reply to the sap_xml adapter — SOAP 1.1 and 1.2 faults, IDoc
// status records and the document number, read by XPath (classify_reply, find_soap_fault). The
// first byte picks the HTTP status and whether the event expects a document number, the second
// the tenant's reply settings (the defaults, or prefixed XPaths with namespaces). Any input must
// end in a classified result, and never `ok` for a create without a document number.
#include <erpbridge/connector.hpp>
#include <erpbridge/fake_host.hpp>

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "reply_classifier.hpp"
#include "sap_settings.hpp"

namespace {

using namespace erpbridge;
using namespace erpbridge::sap_xml;

Settings settings_from(const char* json) {
  return parse_settings(boost::json::parse(json).as_object());
}

const Settings& tenant(bool namespaced) {
  static const Settings defaults = settings_from(
      R"({"control": {"mandt": "100", "sndprn": "COMMERCEUP", "rcvprn": "S4HCLNT100"}})");
  static const Settings prefixed = settings_from(R"({
    "control": {"mandt": "100", "sndprn": "COMMERCEUP", "rcvprn": "S4HCLNT100"},
    "envelope": "soap12",
    "reply": {"document_number": "//r:BELNR", "status": "//r:STATUS", "status_severity": "r:TYPE",
              "status_message": "r:MESSAGE", "error_severities": ["E", "A", "X"],
              "namespaces": {"r": "urn:sap-com:document:sap:idoc"}},
    "faults": {"retryable": ["Server", "Receiver", "Busy"], "permanent": ["Client"]}})");
  return namespaced ? prefixed : defaults;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static const int kStatuses[] = {200, 201, 202, 400, 404, 500, 503, 429};
  const int status = kStatuses[data[0] % 8];
  const bool expects_document = data[0] & 8;
  const Settings& settings = tenant(data[1] % 2);
  std::string body(reinterpret_cast<const char*>(data) + 2, size - 2);

  if (auto fault = find_soap_fault(body)) (void)fault_class(*fault, settings.faults);
  // The reply as it reaches the adapter, after the host's own classification.
  sdk::testing::FakeHost host;
  host.push(sdk::testing::reply(status, std::move(body), {{"Retry-After", "120"}}));
  const sdk::Result result = classify_reply(host.host().send({}), settings, expects_document);
  if (result.result_class == sdk::ResultClass::ok && expects_document) {
    const auto* id = result.details.if_contains("erp_id");
    if (!id || !id->is_string() || id->as_string().empty()) std::abort();
  }
  return 0;
}
