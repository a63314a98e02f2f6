// A tenant's sap_xml settings, declared as SDK settings tables and validated once when the
// connector is created.
#pragma once

#include <erpbridge/xml.hpp>

#include <boost/json/object.hpp>

#include <map>
#include <string>
#include <vector>

#include "document_settings.hpp"

namespace erpbridge::sap_xml {

enum class Envelope { plain, soap11, soap12 };
enum class OverflowPolicy { truncate, refuse };

// Values of the EDI_DC40 control record that identify the partners.
struct ControlRecord {
  std::string mandt;  // client
  std::string sndpor, sndprt, sndprn;
  std::string rcvpor, rcvprt, rcvprn;
};

// What one event type is sent as.
struct MessageSettings {
  std::string path;     // request target, relative to connection.base_url
  std::string mestyp;   // logical message type (DEBMAS, ORDERS, ORDCHG)
  std::string idoctyp;  // basic type (DEBMAS06, ORDERS05)
};

struct ReplySettings {
  std::string document_number;                // XPath of the ERP's document number
  std::string status;                         // XPath of status record elements
  std::string status_severity;                // relative XPath, within a status record
  std::string status_message;                 // relative XPath, within a status record
  std::vector<std::string> error_severities;  // severities that mean "refused"
  sdk::XmlNamespaces namespaces;              // prefix, URI for the XPaths
};

struct FaultSettings {
  std::vector<std::string> retryable;  // fault codes (local part) retried later
  std::vector<std::string> permanent;  // fault codes that dead-letter
};

struct Settings {
  Envelope envelope = Envelope::plain;
  std::string soap_action;  // SOAP 1.1 SOAPAction / SOAP 1.2 action parameter; may be empty
  ControlRecord control;
  std::map<std::string, MessageSettings> messages;  // by event type
  std::string order_type = "OR";
  std::string return_order_type = "RE";
  std::string customer_account_group = "0001";
  std::string default_unit = "ST";
  OverflowPolicy overflow = OverflowPolicy::truncate;
  DocumentSettings documents;  // language, sales area, company code, materials, XSDs
  ReplySettings reply;
  FaultSettings faults;
  unsigned timeout_ms = 0;

  const MessageSettings& message(const std::string& event_type) const;
};

// Throws sdk::SettingsError naming the offending key as a JSON pointer.
Settings parse_settings(const boost::json::object& settings);

// The top level of `settings:` as declared, for docs.
std::span<const sdk::Setting> sap_settings_schema();

}  // namespace erpbridge::sap_xml
