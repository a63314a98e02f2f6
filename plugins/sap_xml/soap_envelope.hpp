// Wraps an IDoc for the wire: plain XML, SOAP 1.1 or SOAP 1.2, with the matching headers.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sap_settings.hpp"

namespace erpbridge::sap_xml {

inline constexpr const char* kSoap11Namespace = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr const char* kSoap12Namespace = "http://www.w3.org/2003/05/soap-envelope";

struct WireMessage {
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// `idoc` is the IDoc root element without an XML declaration.
WireMessage wrap(const std::string& idoc, Envelope envelope, const std::string& soap_action);

}  // namespace erpbridge::sap_xml
