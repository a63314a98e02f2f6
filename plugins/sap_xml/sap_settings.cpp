#include "sap_settings.hpp"

#include <erpbridge/connector.hpp>
#include <erpbridge/json_pointer.hpp>
#include <erpbridge/xml.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>

namespace erpbridge::sap_xml {
namespace {

using boost::json::value;
using sdk::Setting;
using sdk::SettingsReader;
using sdk::SettingType;

constexpr std::array<const char*, 4> kEventTypes = {"customer.created", "order.created",
                                                    "order.cancelled", "order.returned"};

const Setting kControlSettings[] = {
    {.key = "mandt", .required = true, .description = "SAP client (MANDT)"},
    {.key = "sndpor", .fallback = "ERPBRIDGE", .description = "sender port"},
    {.key = "sndprt", .fallback = "LS", .description = "sender partner type"},
    {.key = "sndprn", .required = true, .description = "sender partner number"},
    {.key = "rcvpor", .fallback = "SAP", .description = "receiver port"},
    {.key = "rcvprt", .fallback = "LS", .description = "receiver partner type"},
    {.key = "rcvprn", .required = true, .description = "receiver partner number"},
};

const Setting kMessageSettings[] = {
    {.key = "path", .description = "request target of this event type, starting with '/'"},
    {.key = "mestyp", .description = "logical message type (DEBMAS, ORDERS, ORDCHG)"},
    {.key = "idoctyp", .description = "basic type (DEBMAS06, ORDERS05)"},
};

const Setting kReplySettings[] = {
    {.key = "document_number",
     .fallback = "//*[local-name()='BELNR']",
     .description = "XPath of the document number SAP created"},
    {.key = "status",
     .fallback = "//*[local-name()='STATUS']",
     .description = "XPath of the status records"},
    {.key = "status_severity",
     .fallback = "*[local-name()='TYPE']",
     .description = "XPath of a status record's severity, relative to the record"},
    {.key = "status_message",
     .fallback = "*[local-name()='MESSAGE']",
     .description = "XPath of a status record's text, relative to the record"},
    {.key = "error_severities",
     .type = SettingType::list,
     .fallback = boost::json::array{"E", "A"},
     .description = "severities that mean SAP refused the document"},
    {.key = "namespaces",
     .type = SettingType::mapping,
     .description = "prefix -> namespace URI, for the XPaths"},
};

const Setting kFaultSettings[] = {
    {.key = "retryable",
     .type = SettingType::list,
     .fallback = boost::json::array{"Server", "Receiver"},
     .description = "SOAP fault codes (local part) retried later"},
    {.key = "permanent",
     .type = SettingType::list,
     .fallback = boost::json::array{"Client", "Sender"},
     .description = "SOAP fault codes that dead-letter the event"},
};

// A scalar as text: YAML turns `mandt: 100` into a number, which is still a fine value here.
std::string scalar_text(const value& v, const std::string& pointer) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  throw sdk::SettingsError(pointer, "must be a string");
}

std::vector<std::string> text_list(const SettingsReader& r, std::string_view key) {
  std::vector<std::string> out;
  const auto& items = r.find(key)->as_array();
  for (std::size_t i = 0; i < items.size(); ++i)
    out.push_back(scalar_text(items[i], sdk::index_pointer(r.at(key), i)));
  return out;
}

std::string xpath(const SettingsReader& r, std::string_view key) {
  std::string out = r.string(key);
  if (auto error = sdk::xpath_syntax_error(out)) r.fail(key, "invalid XPath: " + *error);
  return out;
}

ControlRecord parse_control(const SettingsReader& top) {
  const SettingsReader c = top.section("control", kControlSettings);
  return {c.string("mandt"),  c.string("sndpor"), c.string("sndprt"), c.string("sndprn"),
          c.string("rcvpor"), c.string("rcvprt"), c.string("rcvprn")};
}

MessageSettings default_message(std::string_view event_type, const std::string& path) {
  if (event_type == "customer.created") return {path, "DEBMAS", "DEBMAS06"};
  if (event_type == "order.cancelled") return {path, "ORDCHG", "ORDERS05"};
  return {path, "ORDERS", "ORDERS05"};
}

std::map<std::string, MessageSettings> parse_messages(const SettingsReader& top) {
  const std::string path = top.string("path");
  if (path.front() != '/') top.fail("path", "must start with '/'");
  std::map<std::string, MessageSettings> out;
  for (const char* type : kEventTypes) out[type] = default_message(type, path);
  const value* messages = top.find("messages");
  if (!messages) return out;
  for (const auto& [key, v] : messages->get_object()) {
    const std::string pointer = sdk::child_pointer(top.at("messages"), key);
    auto found = out.find(std::string(key));
    if (found == out.end())
      throw sdk::SettingsError(pointer, "unknown event type '" + std::string(key) + "'");
    const SettingsReader m(v, pointer, kMessageSettings);
    MessageSettings& s = found->second;
    s.path = m.optional_string("path").value_or(s.path);
    if (s.path.front() != '/') m.fail("path", "must start with '/'");
    s.mestyp = m.optional_string("mestyp").value_or(s.mestyp);
    s.idoctyp = m.optional_string("idoctyp").value_or(s.idoctyp);
  }
  return out;
}

ReplySettings parse_reply(const SettingsReader& top) {
  const SettingsReader r = top.section("reply", kReplySettings);
  ReplySettings out;
  out.document_number = xpath(r, "document_number");
  out.status = xpath(r, "status");
  out.status_severity = xpath(r, "status_severity");
  out.status_message = xpath(r, "status_message");
  out.error_severities = text_list(r, "error_severities");
  if (const value* ns = r.find("namespaces")) {
    for (const auto& [prefix, uri] : ns->get_object())
      out.namespaces.emplace_back(std::string(prefix),
                                  scalar_text(uri, sdk::child_pointer(r.at("namespaces"), prefix)));
  }
  return out;
}

FaultSettings parse_faults(const SettingsReader& top) {
  const SettingsReader f = top.section("faults", kFaultSettings);
  FaultSettings out;
  out.retryable = text_list(f, "retryable");
  out.permanent = text_list(f, "permanent");
  for (const auto& code : out.retryable) {
    if (std::find(out.permanent.begin(), out.permanent.end(), code) != out.permanent.end())
      f.fail("permanent", "fault code '" + code + "' is also listed as retryable");
  }
  return out;
}

}  // namespace

const Setting kSapSettings[] = {
    {.key = "envelope",
     .fallback = "plain",
     .description = "how the IDoc is sent: plain XML, or inside a SOAP 1.1 or 1.2 envelope",
     .choices = {"plain", "soap11", "soap12"}},
    {.key = "soap_action",
     .fallback = "",
     .description = "SOAP 1.1 SOAPAction / SOAP 1.2 action parameter",
     .allow_empty = true},
    {.key = "control",
     .type = SettingType::mapping,
     .required = true,
     .description = "the EDI_DC40 partner values: mandt, sndpor, sndprt, sndprn, rcvpor, rcvprt, "
                    "rcvprn",
     .fields = kControlSettings},
    {.key = "path", .fallback = "/sap/idoc", .description = "request target of every event type"},
    {.key = "messages",
     .type = SettingType::mapping,
     .description = "per event type: path, mestyp, idoctyp",
     .fields = kMessageSettings,
     .each = true,
     .each_name = "event type"},
    {.key = "order_type", .fallback = "OR", .description = "SAP order type of a new order"},
    {.key = "return_order_type", .fallback = "RE", .description = "SAP order type of a return"},
    {.key = "customer_account_group",
     .fallback = "0001",
     .description = "account group (KTOKD) of a new customer"},
    {.key = "default_unit", .fallback = "ST", .description = "unit of an item that names none"},
    {.key = "overflow",
     .fallback = "truncate",
     .description = "a value longer than its SAP field: truncate it, or refuse the event",
     .choices = {"truncate", "refuse"}},
    {.key = "reply",
     .type = SettingType::mapping,
     .description = "where SAP's reply holds the document number and status records",
     .fields = kReplySettings},
    {.key = "faults",
     .type = SettingType::mapping,
     .description = "SOAP fault codes: retryable, permanent",
     .fields = kFaultSettings},
    {.key = "timeout_ms",
     .type = SettingType::integer,
     .fallback = 0,
     .description = "read timeout per request in milliseconds; 0 keeps the connection's",
     .min = 0,
     .max = 600000},
    // Read by document_settings.cpp.
    {.key = "language",
     .fallback = "EN",
     .description = "the customer's language, ISO 639-1 (E1KNA1M SPRAS_ISO)"},
    {.key = "language_key", .description = "SAP's 1-character language key (E1KNA1M SPRAS)"},
    {.key = "sales_area",
     .type = SettingType::mapping,
     .description = "the sales area of new customers and of orders (E1KNVVM, E1EDK14)",
     .fields = sales_area_settings_schema()},
    {.key = "company_code",
     .type = SettingType::mapping,
     .description = "the company code of new customers (E1KNB1M)",
     .fields = company_code_settings_schema()},
    {.key = "material_number",
     .fallback = "sap",
     .description = "what an item's SKU is: SAP's material number, the customer's, or both",
     .choices = {"sap", "customer", "both"}},
    {.key = "xsd",
     .type = SettingType::any,
     .description = "XSD file every IDoc is checked against, or a mapping of one per MESTYP"},
};

std::span<const Setting> sap_settings_schema() {
  return kSapSettings;
}

const MessageSettings& Settings::message(const std::string& event_type) const {
  auto found = messages.find(event_type);
  if (found == messages.end())
    throw sdk::ConnectorError(sdk::ResultClass::invalid,
                              "sap_xml does not handle event type '" + event_type + "'");
  return found->second;
}

Settings parse_settings(const boost::json::object& settings) {
  const SettingsReader top(settings, "", kSapSettings);
  Settings s;
  const std::string envelope = top.string("envelope");
  s.envelope = envelope == "soap11"   ? Envelope::soap11
               : envelope == "soap12" ? Envelope::soap12
                                      : Envelope::plain;
  s.soap_action = top.string("soap_action");
  if (s.soap_action.find_first_of("\"\r\n") != std::string::npos)
    top.fail("soap_action", "must not contain quotes or line breaks");
  s.control = parse_control(top);
  s.messages = parse_messages(top);
  s.order_type = top.string("order_type");
  s.return_order_type = top.string("return_order_type");
  s.customer_account_group = top.string("customer_account_group");
  s.default_unit = top.string("default_unit");
  s.overflow =
      top.string("overflow") == "refuse" ? OverflowPolicy::refuse : OverflowPolicy::truncate;
  std::vector<std::string> message_types;
  for (const auto& [type, m] : s.messages) message_types.push_back(m.mestyp);
  s.documents = parse_document_settings(top, message_types);
  s.reply = parse_reply(top);
  s.faults = parse_faults(top);
  s.timeout_ms = static_cast<unsigned>(top.integer("timeout_ms"));
  return s;
}

}  // namespace erpbridge::sap_xml
