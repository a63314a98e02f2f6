#include "reply_classifier.hpp"

#include <erpbridge/xml.hpp>

#include <algorithm>

#include "soap_envelope.hpp"

namespace erpbridge::sap_xml {
namespace {

using sdk::HttpResponse;
using sdk::Result;
using sdk::ResultClass;
using sdk::XmlDocument;
using sdk::XmlNamespaces;

constexpr std::size_t kExcerpt = 512;

std::string local_part(std::string qname) {
  auto colon = qname.rfind(':');
  return colon == std::string::npos ? qname : qname.substr(colon + 1);
}

bool listed(const std::vector<std::string>& codes, const std::string& code) {
  return !code.empty() && std::find(codes.begin(), codes.end(), code) != codes.end();
}

Result with_http(Result r, const HttpResponse& response) {
  r.with("http_status", response.status);
  if (!response.body.empty()) r.with("body_excerpt", response.body.substr(0, kExcerpt));
  return r;
}

// The host classified the status (408, 429, 5xx retryable, with Retry-After; others
// permanent); this adds what SAP said.
Result http_failure(const HttpResponse& response) {
  Result r = Result::failure(response.result_class,
                             "the ERP answered HTTP " + std::to_string(response.status));
  if (response.retry_after_ms) r.with("retry_after_ms", *response.retry_after_ms);
  return with_http(std::move(r), response);
}

// An IDoc status record whose severity is an error ("E", "A"), as "severity: message".
std::optional<std::string> error_status(const sdk::XmlDocument& doc, const ReplySettings& reply) {
  auto records =
      doc.records_at(reply.status, {reply.status_severity, reply.status_message}, reply.namespaces);
  for (const auto& record : records) {
    if (listed(reply.error_severities, record[0]))
      return record[1].empty() ? "status " + record[0] : record[1];
  }
  return std::nullopt;
}

}  // namespace

std::optional<SoapFault> find_soap_fault(const std::string& body) {
  auto doc = XmlDocument::parse(body);
  if (!doc || doc->root_name() != "Envelope") return std::nullopt;
  const std::string ns = doc->root_namespace();
  const XmlNamespaces prefixes{{"s", ns}};
  if (ns == kSoap11Namespace) {
    auto code = doc->text_at("/s:Envelope/s:Body/s:Fault/faultcode", prefixes);
    if (!code) return std::nullopt;
    SoapFault f;
    f.code = local_part(*code);
    if (auto dot = f.code.find('.'); dot != std::string::npos) {
      f.subcode = f.code.substr(dot + 1);
      f.code.resize(dot);
    }
    f.reason = doc->text_at("/s:Envelope/s:Body/s:Fault/faultstring", prefixes).value_or("");
    return f;
  }
  if (ns == kSoap12Namespace) {
    const std::string fault = "/s:Envelope/s:Body/s:Fault";
    auto code = doc->text_at(fault + "/s:Code/s:Value", prefixes);
    if (!code) return std::nullopt;
    SoapFault f;
    f.code = local_part(*code);
    f.subcode =
        local_part(doc->text_at(fault + "/s:Code/s:Subcode/s:Value", prefixes).value_or(""));
    f.reason = doc->text_at(fault + "/s:Reason/s:Text", prefixes).value_or("");
    return f;
  }
  return std::nullopt;
}

ResultClass fault_class(const SoapFault& fault, const FaultSettings& faults) {
  if (listed(faults.retryable, fault.subcode)) return ResultClass::retryable;
  if (listed(faults.permanent, fault.subcode)) return ResultClass::permanent;
  if (listed(faults.retryable, fault.code)) return ResultClass::retryable;
  return ResultClass::permanent;
}

Result classify_reply(const HttpResponse& response, const Settings& settings,
                      bool expects_document) {
  switch (response.transport) {
    case ERPB_TRANSPORT_OK:
      break;
    case ERPB_TRANSPORT_SENT_NO_RESPONSE:
      return Result::failure(ResultClass::in_doubt, "sent, but no answer came: " + response.error);
    case ERPB_TRANSPORT_NOT_SENT:
      return Result::failure(ResultClass::retryable, "not sent: " + response.error);
    case ERPB_TRANSPORT_BAD_REQUEST:
      return Result::failure(ResultClass::invalid, "the request was refused: " + response.error);
  }

  // A SOAP fault decides by its code whatever the status (SOAP 1.1 sends faults with 500).
  if (auto fault = find_soap_fault(response.body)) {
    std::string code = fault->code + (fault->subcode.empty() ? "" : "/" + fault->subcode);
    Result r = Result::failure(fault_class(*fault, settings.faults),
                               "SOAP fault " + code + ": " + fault->reason);
    if (response.retry_after_ms && r.result_class == ResultClass::retryable)
      r.with("retry_after_ms", *response.retry_after_ms);
    return with_http(std::move(r), response);
  }
  if (!response.succeeded()) return http_failure(response);

  auto doc = XmlDocument::parse(response.body);
  if (!doc)
    return with_http(
        Result::failure(ResultClass::in_doubt, "the ERP's reply is not XML (" + doc.error() +
                                                   "); the document may have been posted"),
        response);
  if (auto error = error_status(*doc, settings.reply))
    return with_http(Result::failure(ResultClass::permanent, "the ERP refused the IDoc: " + *error),
                     response);
  auto number = doc->text_at(settings.reply.document_number, settings.reply.namespaces);
  if (!expects_document) {
    Result r = Result::succeeded();
    if (number) r.with("erp_id", *number);
    return r.with("http_status", response.status);
  }
  if (!number)
    return with_http(
        Result::failure(ResultClass::in_doubt, "the ERP's reply has no document number at " +
                                                   settings.reply.document_number),
        response);
  return Result::created(*number).with("http_status", response.status);
}

}  // namespace erpbridge::sap_xml
