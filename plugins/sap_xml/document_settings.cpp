#include "document_settings.hpp"

#include <erpbridge/connector.hpp>
#include <erpbridge/json_pointer.hpp>

#include <algorithm>
#include <filesystem>

#include "sap_format.hpp"

namespace erpbridge::sap_xml {
namespace {

using boost::json::value;
using sdk::Setting;
using sdk::SettingsReader;
using sdk::SettingType;

const Setting kSalesAreaSettings[] = {
    {.key = "sales_organization", .required = true, .description = "VKORG"},
    {.key = "distribution_channel", .required = true, .description = "VTWEG"},
    {.key = "division", .required = true, .description = "SPART"},
    {.key = "customer_group", .description = "KDGRP"},
    {.key = "currency", .description = "WAERS"},
    {.key = "pricing_procedure", .description = "KALKS"},
    {.key = "shipping_conditions", .description = "VSBED"},
    {.key = "account_assignment_group", .description = "KTGRD"},
    {.key = "payment_terms", .description = "ZTERM"},
};

const Setting kCompanyCodeSettings[] = {
    {.key = "code", .required = true, .description = "BUKRS"},
    {.key = "reconciliation_account", .description = "AKONT"},
    {.key = "payment_terms", .description = "ZTERM"},
    {.key = "email",
     .type = SettingType::boolean,
     .fallback = true,
     .description = "send the customer's e-mail (SMTP_ADDR)"},
};

// The value of `key` as text ("" when absent), at most as long as the SAP field it goes to,
// so a value SAP cannot take is refused at start-up, not per event.
std::string sap_field(const SettingsReader& r, std::string_view key, const char* segment,
                      const char* field) {
  std::string out = r.string(key);
  const std::size_t length = field_limit(segment, field);
  if (utf8_length(out) > length)
    r.fail(key, "is longer than SAP's " + std::to_string(length) + " characters");
  return out;
}

std::optional<SalesArea> parse_sales_area(const SettingsReader& top) {
  if (!top.has("sales_area")) return std::nullopt;
  const SettingsReader r = top.section("sales_area", kSalesAreaSettings);
  SalesArea a;
  a.sales_organization = sap_field(r, "sales_organization", "E1KNVVM", "VKORG");
  a.distribution_channel = sap_field(r, "distribution_channel", "E1KNVVM", "VTWEG");
  a.division = sap_field(r, "division", "E1KNVVM", "SPART");
  a.customer_group = sap_field(r, "customer_group", "E1KNVVM", "KDGRP");
  a.currency = sap_field(r, "currency", "E1KNVVM", "WAERS");
  a.pricing_procedure = sap_field(r, "pricing_procedure", "E1KNVVM", "KALKS");
  a.shipping_conditions = sap_field(r, "shipping_conditions", "E1KNVVM", "VSBED");
  a.account_assignment_group = sap_field(r, "account_assignment_group", "E1KNVVM", "KTGRD");
  a.payment_terms = sap_field(r, "payment_terms", "E1KNVVM", "ZTERM");
  return a;
}

std::optional<CompanyCode> parse_company_code(const SettingsReader& top) {
  if (!top.has("company_code")) return std::nullopt;
  const SettingsReader r = top.section("company_code", kCompanyCodeSettings);
  CompanyCode c;
  c.code = sap_field(r, "code", "E1KNB1M", "BUKRS");
  c.reconciliation_account = sap_field(r, "reconciliation_account", "E1KNB1M", "AKONT");
  c.payment_terms = sap_field(r, "payment_terms", "E1KNB1M", "ZTERM");
  c.email = r.boolean("email");
  return c;
}

std::map<std::string, std::string> parse_xsd(const SettingsReader& top,
                                             const std::vector<std::string>& message_types) {
  std::map<std::string, std::string> out;
  const value* v = top.find("xsd");
  if (!v) return out;
  auto existing = [](const std::string& pointer, const value& path) {
    if (!path.is_string() || path.as_string().empty())
      throw sdk::SettingsError(pointer, "must be the path of an XSD file");
    std::string text(path.as_string());
    if (!std::filesystem::is_regular_file(text))
      throw sdk::SettingsError(pointer, "no such file: " + text);
    return text;
  };
  if (!v->is_object()) {
    out[""] = existing(top.at("xsd"), *v);
    return out;
  }
  for (const auto& [mestyp, path] : v->as_object()) {
    const std::string pointer = sdk::child_pointer(top.at("xsd"), mestyp);
    if (std::find(message_types.begin(), message_types.end(), mestyp) == message_types.end())
      throw sdk::SettingsError(pointer, "'" + std::string(mestyp) +
                                            "' is not a message type (MESTYP) this tenant sends");
    out[std::string(mestyp)] = existing(pointer, path);
  }
  return out;
}

}  // namespace

std::span<const Setting> sales_area_settings_schema() {
  return kSalesAreaSettings;
}

std::span<const Setting> company_code_settings_schema() {
  return kCompanyCodeSettings;
}

DocumentSettings parse_document_settings(const SettingsReader& top,
                                         const std::vector<std::string>& message_types) {
  DocumentSettings s;
  s.language = sap_field(top, "language", "E1KNA1M", "SPRAS_ISO");
  if (s.language.size() != 2) top.fail("language", "must be a 2-letter ISO 639-1 code such as EN");
  s.language_key = sap_field(top, "language_key", "E1KNA1M", "SPRAS");
  s.sales_area = parse_sales_area(top);
  s.company_code = parse_company_code(top);
  const std::string material = top.string("material_number");
  s.material_number = material == "customer" ? MaterialNumber::customer
                      : material == "both"   ? MaterialNumber::both
                                             : MaterialNumber::sap;
  s.xsd = parse_xsd(top, message_types);
  return s;
}

}  // namespace erpbridge::sap_xml
