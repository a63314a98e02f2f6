// The sap_xml connector: one tenant's settings, and deliver() = build IDoc -> validate ->
// wrap -> send through the host -> classify the reply.
#pragma once

#include <erpbridge/connector.hpp>

#include <map>
#include <memory>

#include <erpbridge/xml.hpp>
#include "sap_settings.hpp"

namespace erpbridge::sap_xml {

class SapXmlConnector : public sdk::Connector {
 public:
  // Throws sdk::SettingsError for bad settings (and an unreadable XSD).
  SapXmlConnector(sdk::Host host, const boost::json::object& settings);
  sdk::Result deliver(const sdk::Delivery& delivery) override;
  // What check-config --list-settings prints (ABI 1.3).
  static std::span<const sdk::Setting> erpbridge_settings() { return sap_settings_schema(); }

 private:
  sdk::Host host_;
  Settings settings_;
  // Compiled XSDs by MESTYP ("" for every message type without its own).
  std::map<std::string, std::unique_ptr<sdk::XmlSchema>> schemas_;
  const sdk::XmlSchema* schema_for(const std::string& mestyp) const;
};

// `idoc` checked against `schema`: nullopt when valid, else the `invalid` result naming the
// element (also in the result's `element` field). Exposed for tests.
std::optional<sdk::Result> schema_violation(const std::string& idoc, const sdk::XmlSchema& schema);

}  // namespace erpbridge::sap_xml
