// Fuzz target for the API's parsers of outside input (STYLE.md): XML bodies, query strings,
// percent-encoding, Authorization headers and webhook signature headers. Any input must end in
// a value or a reported error: an exception, crash, hang or sanitizer report is a bug.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/tenant_authenticator.hpp"
#include "api/url_encoding.hpp"
#include "api/webhook_signature.hpp"
#include "api/xml_body.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace erpbridge::api;
  std::string error;
  if (auto object = xml_to_json(text, error)) json_to_xml("data", *object);
  parse_query(text);
  percent_decode(text);
  Headers headers;
  headers.add("Authorization", std::string(text));
  read_credential(headers);
  const SignedRequest request{"msg_1", std::string(text.substr(0, 12)), std::string(text), text};
  verify_webhook_signature(request, {"key"}, std::chrono::system_clock::now(),
                           std::chrono::seconds(300));
  webhook_key(text);
  return 0;
}
