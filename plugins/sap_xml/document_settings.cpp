#include "document_settings.hpp"

#include <erpbridge/connector.hpp>

#include <algorithm>
#include <filesystem>

#include "sap_format.hpp"

namespace erpbridge::sap_xml {
namespace {

using boost::json::object;
using boost::json::value;

[[noreturn]] void fail(const std::string& pointer, const std::string& message) {
  throw sdk::SettingsError(pointer, message);
}

// The value of `key` as text ("" when absent), at most `length` characters: the length of the
// SAP field it goes to, so a value SAP cannot take is refused at start-up, not per event.
std::string value_of(const object& o, std::string_view key, const std::string& pointer,
                     std::size_t length, bool required = false) {
  const std::string where = pointer + "/" + std::string(key);
  const value* v = o.if_contains(key);
  if (!v) {
    if (required) fail(where, "is required");
    return "";
  }
  std::string out;
  if (v->is_string())
    out = std::string(v->as_string());
  else if (v->is_int64())
    out = std::to_string(v->as_int64());
  else
    fail(where, "must be a string");
  if (out.empty()) fail(where, "must not be empty");
  if (utf8_length(out) > length)
    fail(where, "is longer than SAP's " + std::to_string(length) + " characters");
  return out;
}

const object* mapping(const object& o, std::string_view key, const std::string& pointer,
                      std::initializer_list<std::string_view> known) {
  const value* v = o.if_contains(key);
  if (!v) return nullptr;
  const std::string where = pointer + "/" + std::string(key);
  if (!v->is_object()) fail(where, "must be a mapping");
  for (const auto& [name, ignored] : v->as_object())
    if (std::find(known.begin(), known.end(), std::string_view(name)) == known.end())
      fail(where + "/" + std::string(name), "unknown setting '" + std::string(name) + "'");
  return &v->as_object();
}

std::optional<SalesArea> parse_sales_area(const object& settings) {
  const std::string p = "/sales_area";
  const object* o = mapping(
      settings, "sales_area", "",
      {"sales_organization", "distribution_channel", "division", "customer_group", "currency",
       "pricing_procedure", "shipping_conditions", "account_assignment_group", "payment_terms"});
  if (!o) return std::nullopt;
  SalesArea a;
  a.sales_organization =
      value_of(*o, "sales_organization", p, field_limit("E1KNVVM", "VKORG"), true);
  a.distribution_channel =
      value_of(*o, "distribution_channel", p, field_limit("E1KNVVM", "VTWEG"), true);
  a.division = value_of(*o, "division", p, field_limit("E1KNVVM", "SPART"), true);
  a.customer_group = value_of(*o, "customer_group", p, field_limit("E1KNVVM", "KDGRP"));
  a.currency = value_of(*o, "currency", p, field_limit("E1KNVVM", "WAERS"));
  a.pricing_procedure = value_of(*o, "pricing_procedure", p, field_limit("E1KNVVM", "KALKS"));
  a.shipping_conditions = value_of(*o, "shipping_conditions", p, field_limit("E1KNVVM", "VSBED"));
  a.account_assignment_group =
      value_of(*o, "account_assignment_group", p, field_limit("E1KNVVM", "KTGRD"));
  a.payment_terms = value_of(*o, "payment_terms", p, field_limit("E1KNVVM", "ZTERM"));
  return a;
}

std::optional<CompanyCode> parse_company_code(const object& settings) {
  const std::string p = "/company_code";
  const object* o = mapping(settings, "company_code", "",
                            {"code", "reconciliation_account", "payment_terms", "email"});
  if (!o) return std::nullopt;
  CompanyCode c;
  c.code = value_of(*o, "code", p, field_limit("E1KNB1M", "BUKRS"), true);
  c.reconciliation_account =
      value_of(*o, "reconciliation_account", p, field_limit("E1KNB1M", "AKONT"));
  c.payment_terms = value_of(*o, "payment_terms", p, field_limit("E1KNB1M", "ZTERM"));
  if (const value* email = o->if_contains("email")) {
    if (!email->is_bool()) fail(p + "/email", "must be true or false");
    c.email = email->as_bool();
  }
  return c;
}

std::map<std::string, std::string> parse_xsd(const object& settings,
                                             const std::vector<std::string>& message_types) {
  std::map<std::string, std::string> out;
  const value* v = settings.if_contains("xsd");
  if (!v) return out;
  auto existing = [](const std::string& pointer, const value& path) {
    if (!path.is_string() || path.as_string().empty())
      fail(pointer, "must be the path of an XSD file");
    std::string text(path.as_string());
    if (!std::filesystem::is_regular_file(text)) fail(pointer, "no such file: " + text);
    return text;
  };
  if (!v->is_object()) {
    out[""] = existing("/xsd", *v);
    return out;
  }
  for (const auto& [mestyp, path] : v->as_object()) {
    const std::string pointer = "/xsd/" + std::string(mestyp);
    if (std::find(message_types.begin(), message_types.end(), mestyp) == message_types.end())
      fail(pointer,
           "'" + std::string(mestyp) + "' is not a message type (MESTYP) this tenant sends");
    out[std::string(mestyp)] = existing(pointer, path);
  }
  return out;
}

}  // namespace

DocumentSettings parse_document_settings(const object& settings,
                                         const std::vector<std::string>& message_types) {
  DocumentSettings s;
  if (settings.contains("language")) {
    s.language = value_of(settings, "language", "", field_limit("E1KNA1M", "SPRAS_ISO"));
    if (s.language.size() != 2) fail("/language", "must be a 2-letter ISO 639-1 code such as EN");
  }
  s.language_key = value_of(settings, "language_key", "", field_limit("E1KNA1M", "SPRAS"));
  s.sales_area = parse_sales_area(settings);
  s.company_code = parse_company_code(settings);
  if (const value* material = settings.if_contains("material_number")) {
    const std::string name = material->is_string() ? std::string(material->as_string()) : "";
    if (name == "customer")
      s.material_number = MaterialNumber::customer;
    else if (name == "both")
      s.material_number = MaterialNumber::both;
    else if (name != "sap")
      fail("/material_number", "must be one of sap, customer, both");
  }
  s.xsd = parse_xsd(settings, message_types);
  return s;
}

}  // namespace erpbridge::sap_xml
