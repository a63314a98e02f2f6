#include "sap_adapter.hpp"

#include "idoc_builder.hpp"
#include "reply_classifier.hpp"
#include "soap_envelope.hpp"

namespace erpbridge::sap_xml {

using sdk::Result;
using sdk::ResultClass;

SapXmlConnector::SapXmlConnector(sdk::Host host, const boost::json::object& settings)
    : host_(host), settings_(parse_settings(settings)) {
  for (const auto& [mestyp, path] : settings_.documents.xsd) {
    try {
      schemas_[mestyp] = std::make_unique<sdk::XmlSchema>(path);
    } catch (const std::exception& e) {
      throw sdk::SettingsError(mestyp.empty() ? "/xsd" : "/xsd/" + mestyp, e.what());
    }
  }
}

const sdk::XmlSchema* SapXmlConnector::schema_for(const std::string& mestyp) const {
  auto found = schemas_.find(mestyp);
  if (found == schemas_.end()) found = schemas_.find("");
  return found == schemas_.end() ? nullptr : found->second.get();
}

std::optional<Result> schema_violation(const std::string& idoc, const sdk::XmlSchema& schema) {
  auto document = sdk::XmlDocument::parse(idoc);
  if (!document)
    return Result::failure(ResultClass::invalid,
                           "the IDoc we built is not well-formed: " + document.error());
  auto violation = schema.validate(*document);
  if (!violation) return std::nullopt;
  std::string where = violation->element.empty() ? "" : "element " + violation->element + ": ";
  return Result::failure(ResultClass::invalid, "the IDoc does not match the tenant's XSD at " +
                                                   where + violation->message)
      .with("element", violation->element);
}

Result SapXmlConnector::deliver(const sdk::Delivery& delivery) {
  const std::string type(delivery.event_type());
  Idoc idoc = build_idoc(delivery, settings_);
  if (const sdk::XmlSchema* schema = schema_for(settings_.message(type).mestyp)) {
    if (auto refused = schema_violation(idoc.xml, *schema)) return *refused;
  }
  WireMessage message = wrap(idoc.xml, settings_.envelope, settings_.soap_action);
  sdk::HttpRequest request;
  request.method = "POST";
  request.target = settings_.message(type).path;
  request.headers = std::move(message.headers);
  if (!delivery.idempotency_key.empty())
    request.headers.emplace_back("Idempotency-Key", delivery.idempotency_key);
  request.body = std::move(message.body);
  request.timeout_ms = settings_.timeout_ms;

  const bool creates = type != "order.cancelled";
  Result result = classify_reply(host_.send(request), settings_, creates);
  if (result.result_class != ResultClass::ok) return result;
  if (type == "order.created") {
    boost::json::object lines;
    for (const auto& [line, posex] : idoc.positions) lines[line] = posex;
    result.with("line_erp_ids", std::move(lines));
  }
  if (type == "order.returned") result.with("success", true);
  return result;
}

}  // namespace erpbridge::sap_xml
