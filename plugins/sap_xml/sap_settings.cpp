#include "sap_settings.hpp"

#include <erpbridge/connector.hpp>
#include <erpbridge/json_pointer.hpp>
#include <erpbridge/xml.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <span>

namespace erpbridge::sap_xml {
namespace {

using boost::json::object;
using boost::json::value;

constexpr std::array<const char*, 4> kEventTypes = {"customer.created", "order.created",
                                                    "order.cancelled", "order.returned"};

[[noreturn]] void fail(const std::string& pointer, const std::string& message) {
  throw sdk::SettingsError(pointer, message);
}

std::string child(const std::string& parent, std::string_view key) {
  return sdk::child_pointer(parent, key);
}

void reject_unknown_keys(const object& o, const std::string& pointer,
                         std::initializer_list<std::string_view> known,
                         std::span<const std::string_view> more = {}) {
  for (const auto& [key, v] : o) {
    if (std::find(known.begin(), known.end(), std::string_view(key)) == known.end() &&
        std::find(more.begin(), more.end(), std::string_view(key)) == more.end())
      fail(child(pointer, key), "unknown setting '" + std::string(key) + "'");
  }
}

const object* optional_object(const object& o, std::string_view key, const std::string& pointer) {
  const value* v = o.if_contains(key);
  if (!v) return nullptr;
  if (!v->is_object()) fail(child(pointer, key), "must be a mapping");
  return &v->as_object();
}

// A scalar as text: YAML turns `mandt: 100` into a number, which is still a fine value here.
std::string scalar_text(const value& v, const std::string& pointer) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  fail(pointer, "must be a string");
}

std::string text(const object& o, std::string_view key, const std::string& pointer,
                 std::string fallback, bool required = false) {
  const value* v = o.if_contains(key);
  if (!v) {
    if (required) fail(child(pointer, key), "is required");
    return fallback;
  }
  std::string out = scalar_text(*v, child(pointer, key));
  if (out.empty()) fail(child(pointer, key), "must not be empty");
  return out;
}

std::string choice(const object& o, std::string_view key, const std::string& pointer,
                   std::string fallback, std::initializer_list<std::string_view> allowed) {
  std::string out = text(o, key, pointer, std::move(fallback));
  if (std::find(allowed.begin(), allowed.end(), out) == allowed.end()) {
    std::string names;
    for (auto name : allowed) names += (names.empty() ? "" : ", ") + std::string(name);
    fail(child(pointer, key), "must be one of " + names);
  }
  return out;
}

std::vector<std::string> text_list(const object& o, std::string_view key,
                                   const std::string& pointer, std::vector<std::string> fallback) {
  const value* v = o.if_contains(key);
  if (!v) return fallback;
  if (!v->is_array()) fail(child(pointer, key), "must be a list");
  std::vector<std::string> out;
  const auto& items = v->as_array();
  for (std::size_t i = 0; i < items.size(); ++i)
    out.push_back(scalar_text(items[i], child(pointer, key) + "/" + std::to_string(i)));
  return out;
}

std::string xpath(const object& o, std::string_view key, const std::string& pointer,
                  std::string fallback) {
  std::string out = text(o, key, pointer, std::move(fallback));
  if (auto error = sdk::xpath_syntax_error(out))
    fail(child(pointer, key), "invalid XPath: " + *error);
  return out;
}

ControlRecord parse_control(const object& settings) {
  const std::string pointer = "/control";
  const object* c = optional_object(settings, "control", "");
  if (!c) fail(pointer, "is required (the EDI_DC40 partner values)");
  reject_unknown_keys(*c, pointer,
                      {"mandt", "sndpor", "sndprt", "sndprn", "rcvpor", "rcvprt", "rcvprn"});
  ControlRecord r;
  r.mandt = text(*c, "mandt", pointer, "", true);
  r.sndpor = text(*c, "sndpor", pointer, "ERPBRIDGE");
  r.sndprt = text(*c, "sndprt", pointer, "LS");
  r.sndprn = text(*c, "sndprn", pointer, "", true);
  r.rcvpor = text(*c, "rcvpor", pointer, "SAP");
  r.rcvprt = text(*c, "rcvprt", pointer, "LS");
  r.rcvprn = text(*c, "rcvprn", pointer, "", true);
  return r;
}

MessageSettings default_message(std::string_view event_type, const std::string& path) {
  if (event_type == "customer.created") return {path, "DEBMAS", "DEBMAS06"};
  if (event_type == "order.cancelled") return {path, "ORDCHG", "ORDERS05"};
  return {path, "ORDERS", "ORDERS05"};
}

std::map<std::string, MessageSettings> parse_messages(const object& settings) {
  const std::string path = text(settings, "path", "", "/sap/idoc");
  if (path.front() != '/') fail("/path", "must start with '/'");
  std::map<std::string, MessageSettings> out;
  for (const char* type : kEventTypes) out[type] = default_message(type, path);
  const object* messages = optional_object(settings, "messages", "");
  if (!messages) return out;
  for (const auto& [key, v] : *messages) {
    const std::string pointer = child("/messages", key);
    auto found = out.find(std::string(key));
    if (found == out.end()) fail(pointer, "unknown event type '" + std::string(key) + "'");
    if (!v.is_object()) fail(pointer, "must be a mapping");
    const object& m = v.as_object();
    reject_unknown_keys(m, pointer, {"path", "mestyp", "idoctyp"});
    MessageSettings& s = found->second;
    s.path = text(m, "path", pointer, s.path);
    if (s.path.front() != '/') fail(child(pointer, "path"), "must start with '/'");
    s.mestyp = text(m, "mestyp", pointer, s.mestyp);
    s.idoctyp = text(m, "idoctyp", pointer, s.idoctyp);
  }
  return out;
}

ReplySettings parse_reply(const object& settings) {
  const std::string pointer = "/reply";
  static const object empty;
  const object* found = optional_object(settings, "reply", "");
  const object& r = found ? *found : empty;
  reject_unknown_keys(r, pointer,
                      {"document_number", "status", "status_severity", "status_message",
                       "error_severities", "namespaces"});
  ReplySettings out;
  out.document_number = xpath(r, "document_number", pointer, "//*[local-name()='BELNR']");
  out.status = xpath(r, "status", pointer, "//*[local-name()='STATUS']");
  out.status_severity = xpath(r, "status_severity", pointer, "*[local-name()='TYPE']");
  out.status_message = xpath(r, "status_message", pointer, "*[local-name()='MESSAGE']");
  out.error_severities = text_list(r, "error_severities", pointer, {"E", "A"});
  if (const object* ns = optional_object(r, "namespaces", pointer)) {
    for (const auto& [prefix, uri] : *ns)
      out.namespaces.emplace_back(std::string(prefix),
                                  scalar_text(uri, child(pointer + "/namespaces", prefix)));
  }
  return out;
}

FaultSettings parse_faults(const object& settings) {
  const std::string pointer = "/faults";
  static const object empty;
  const object* found = optional_object(settings, "faults", "");
  const object& f = found ? *found : empty;
  reject_unknown_keys(f, pointer, {"retryable", "permanent"});
  FaultSettings out;
  out.retryable = text_list(f, "retryable", pointer, {"Server", "Receiver"});
  out.permanent = text_list(f, "permanent", pointer, {"Client", "Sender"});
  for (const auto& code : out.retryable) {
    if (std::find(out.permanent.begin(), out.permanent.end(), code) != out.permanent.end())
      fail(pointer + "/permanent", "fault code '" + code + "' is also listed as retryable");
  }
  return out;
}

}  // namespace

const MessageSettings& Settings::message(const std::string& event_type) const {
  auto found = messages.find(event_type);
  if (found == messages.end())
    throw sdk::ConnectorError(sdk::ResultClass::invalid,
                              "sap_xml does not handle event type '" + event_type + "'");
  return found->second;
}

Settings parse_settings(const object& settings) {
  reject_unknown_keys(
      settings, "",
      {"envelope", "soap_action", "control", "path", "messages", "order_type", "return_order_type",
       "customer_account_group", "default_unit", "overflow", "reply", "faults", "timeout_ms"},
      kDocumentSettingKeys);
  Settings s;
  const std::string envelope =
      choice(settings, "envelope", "", "plain", {"plain", "soap11", "soap12"});
  s.envelope = envelope == "soap11"   ? Envelope::soap11
               : envelope == "soap12" ? Envelope::soap12
                                      : Envelope::plain;
  if (const value* action = settings.if_contains("soap_action"))
    s.soap_action = scalar_text(*action, "/soap_action");
  if (s.soap_action.find_first_of("\"\r\n") != std::string::npos)
    fail("/soap_action", "must not contain quotes or line breaks");
  s.control = parse_control(settings);
  s.messages = parse_messages(settings);
  s.order_type = text(settings, "order_type", "", s.order_type);
  s.return_order_type = text(settings, "return_order_type", "", s.return_order_type);
  s.customer_account_group = text(settings, "customer_account_group", "", s.customer_account_group);
  s.default_unit = text(settings, "default_unit", "", s.default_unit);
  s.overflow = choice(settings, "overflow", "", "truncate", {"truncate", "refuse"}) == "refuse"
                   ? OverflowPolicy::refuse
                   : OverflowPolicy::truncate;
  std::vector<std::string> message_types;
  for (const auto& [type, m] : s.messages) message_types.push_back(m.mestyp);
  s.documents = parse_document_settings(settings, message_types);
  s.reply = parse_reply(settings);
  s.faults = parse_faults(settings);
  if (const value* t = settings.if_contains("timeout_ms")) {
    if (!t->is_int64() || t->as_int64() < 0 || t->as_int64() > 600000)
      fail("/timeout_ms", "must be a whole number of milliseconds from 0 to 600000");
    s.timeout_ms = static_cast<unsigned>(t->as_int64());
  }
  return s;
}

}  // namespace erpbridge::sap_xml
