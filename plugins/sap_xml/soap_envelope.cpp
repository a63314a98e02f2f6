#include "soap_envelope.hpp"

namespace erpbridge::sap_xml {
namespace {

constexpr const char* kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

std::string soap(const char* ns, const std::string& idoc) {
  return std::string(kDeclaration) + "<soap:Envelope xmlns:soap=\"" + ns +
         "\"><soap:Header/><soap:Body>" + idoc + "</soap:Body></soap:Envelope>";
}

}  // namespace

WireMessage wrap(const std::string& idoc, Envelope envelope, const std::string& soap_action) {
  WireMessage m;
  switch (envelope) {
    case Envelope::plain:
      m.body = kDeclaration + idoc;
      m.headers.emplace_back("Content-Type", "application/xml; charset=utf-8");
      break;
    case Envelope::soap11:
      m.body = soap(kSoap11Namespace, idoc);
      m.headers.emplace_back("Content-Type", "text/xml; charset=utf-8");
      // SOAP 1.1 requires the header; its value is a quoted URI, or "" for none.
      m.headers.emplace_back("SOAPAction", "\"" + soap_action + "\"");
      break;
    case Envelope::soap12: {
      m.body = soap(kSoap12Namespace, idoc);
      std::string type = "application/soap+xml; charset=utf-8";
      if (!soap_action.empty()) type += "; action=\"" + soap_action + "\"";
      m.headers.emplace_back("Content-Type", type);
      break;
    }
  }
  m.headers.emplace_back("Accept", envelope == Envelope::plain    ? "application/xml"
                                   : envelope == Envelope::soap11 ? "text/xml"
                                                                  : "application/soap+xml");
  return m;
}

}  // namespace erpbridge::sap_xml
