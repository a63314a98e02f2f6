// Turns the ERP's HTTP answer into a classified result: SOAP faults by fault code, IDoc
// status records by severity, HTTP statuses, and the document number by XPath.
#pragma once

#include <erpbridge/connector.hpp>

#include <optional>
#include <string>

#include "sap_settings.hpp"

namespace erpbridge::sap_xml {

struct SoapFault {
  std::string code;     // local part of the fault code ("Server", "Receiver")
  std::string subcode;  // SOAP 1.2 Subcode/Value local part, or the dotted tail in SOAP 1.1
  std::string reason;
};

// `expects_document`: creates (customer, order, return) need a document number in the reply.
sdk::Result classify_reply(const sdk::HttpResponse& response, const Settings& settings,
                           bool expects_document);

// The fault in a SOAP 1.1 or 1.2 envelope, or nullopt when `body` holds none.
std::optional<SoapFault> find_soap_fault(const std::string& body);

// The class a fault gets under `faults`: a listed subcode wins over its code; unlisted codes
// (VersionMismatch, MustUnderstand, vendor codes) are permanent.
sdk::ResultClass fault_class(const SoapFault& fault, const FaultSettings& faults);

}  // namespace erpbridge::sap_xml
