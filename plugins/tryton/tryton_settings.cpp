#include "tryton_settings.hpp"

#include <erpbridge/connector.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace erpbridge::tryton {

namespace json = boost::json;
using sdk::Setting;
using sdk::SettingsReader;
using sdk::SettingType;

namespace {

const Setting kWorkflowSettings[] = {
    {.key = "quote",
     .type = SettingType::boolean,
     .fallback = true,
     .description = "move a new sale from draft to quotation (numbers it, checks its addresses)"},
    {.key = "confirm",
     .type = SettingType::boolean,
     .fallback = true,
     .description = "then confirm and process it (creates its invoice and shipment); needs quote"},
};

bool all_of(std::string_view text, bool (*ok)(char)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), ok);
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

bool is_country_code(std::string_view code) {
  return code.size() == 2 && all_of(code, [](char c) { return c >= 'A' && c <= 'Z'; });
}

constexpr const char* kCountryCodeRule = "must be an ISO 3166 alpha-2 code in capitals, like IN";

WorkflowSettings parse_workflow(const SettingsReader& top) {
  const SettingsReader section = top.section("workflow", kWorkflowSettings);
  WorkflowSettings w{section.boolean("quote"), section.boolean("confirm")};
  if (w.confirm && !w.quote)
    section.fail("confirm", "confirm needs quote: true (Tryton confirms only quoted sales)");
  return w;
}

std::map<std::string, std::string> parse_country_codes(const SettingsReader& top) {
  std::map<std::string, std::string> codes;
  const auto* v = top.find("country_codes");
  if (!v) return codes;
  for (const auto& [key, value] : v->get_object()) {
    const std::string where = sdk::child_pointer(top.at("country_codes"), key);
    if (!value.is_string() || !is_country_code(value.get_string()))
      throw sdk::SettingsError(where, kCountryCodeRule);
    codes[std::string(key)] = std::string(value.get_string());
  }
  return codes;
}

}  // namespace

const Setting kTrytonSettings[] = {
    {.key = "database",
     .required = true,
     .description = "the Tryton database (1-64 of A-Z a-z 0-9 _ - .); the JSON-RPC path"},
    {.key = "login", .required = true, .description = "the Tryton user the connector logs in as"},
    {.key = "password", .required = true, .description = "that user's password"},
    {.key = "company",
     .type = SettingType::integer,
     .fallback = 1,
     .description = "the company.company record id sales are made in",
     .min = 1},
    {.key = "language",
     .fallback = "en",
     .description = "the Tryton language code of the calls' context, like en or fr_FR"},
    {.key = "workflow",
     .type = SettingType::mapping,
     .description = "how far a new sale is taken: quote, confirm",
     .fields = kWorkflowSettings},
    {.key = "party_code_prefix",
     .fallback = "",
     .description = "put before the Commerceup customer id in a party's code (at most 32)",
     .allow_empty = true},
    {.key = "country_codes",
     .type = SettingType::mapping,
     .description = "event country -> ISO 3166 alpha-2 code, for events that spell countries"},
    {.key = "default_country",
     .description = "ISO 3166 alpha-2 code for an address without a country"},
    {.key = "currency",
     .fallback = "order",
     .description = "order: the event's currency; company: the company's",
     .choices = {"order", "company"}},
    {.key = "unit",
     .type = SettingType::any,
     .description = "the product.uom of sale lines: a record id, or a unit name or symbol"},
    {.key = "payment_term",
     .type = SettingType::integer,
     .description = "the account.invoice.payment_term record id of new sales",
     .min = 1},
    {.key = "shipping_product", .description = "SKU of the product a shipping-cost line sells"},
    {.key = "cancel_processing",
     .fallback = "refuse",
     .description = "what a full cancel does with a processing sale: refuse, or void it",
     .choices = {"refuse", "void"}},
    {.key = "timeout_ms",
     .type = SettingType::integer,
     .fallback = 0,
     .description = "read timeout per call in milliseconds; 0 keeps the connection's",
     .min = 0,
     .max = 86400000},
    {.key = "pull",
     .type = SettingType::mapping,
     .description = "what a pull of changes reports (see \"Pull\")",
     .fields = pull_settings_schema()},
};

std::span<const Setting> tryton_settings_schema() {
  return kTrytonSettings;
}

json::object TrytonSettings::context() const {
  return json::object{{"company", company}, {"language", language}};
}

TrytonSettings parse_tryton_settings(const json::object& o) {
  const SettingsReader top(o, "", kTrytonSettings);
  TrytonSettings s;
  s.database = top.string("database");
  if (!all_of(s.database, name_char) || s.database.size() > 64)
    top.fail("database", "must be 1-64 of A-Z a-z 0-9 _ - .");
  s.login = top.string("login");
  s.password = top.string("password");
  s.company = top.integer("company");
  s.language = top.string("language");
  const bool language_ok =
      (s.language.size() == 2 || (s.language.size() == 5 && s.language[2] == '_')) &&
      all_of(s.language,
             [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; });
  if (!language_ok) top.fail("language", "must be a Tryton language code like en or fr_FR");
  s.workflow = parse_workflow(top);
  s.party_code_prefix = top.string("party_code_prefix");
  if (s.party_code_prefix.size() > 32)
    top.fail("party_code_prefix", "must be at most 32 characters");
  s.country_codes = parse_country_codes(top);
  if (auto country = top.optional_string("default_country")) {
    if (!is_country_code(*country)) top.fail("default_country", kCountryCodeRule);
    s.default_country = *country;
  }
  s.currency =
      top.string("currency") == "company" ? CurrencySource::company : CurrencySource::order;
  if (const auto* v = top.find("unit")) {
    if (v->is_string() && !v->get_string().empty())
      s.unit = std::string(v->get_string());
    else if (v->is_int64() && v->get_int64() >= 1)
      s.unit = v->get_int64();
    else
      top.fail("unit", "must be a product.uom id or a unit name or symbol");
  }
  s.payment_term = top.optional_integer("payment_term");
  s.shipping_product = top.optional_string("shipping_product");
  s.cancel_processing = top.string("cancel_processing") == "void" ? ProcessingCancel::void_
                                                                  : ProcessingCancel::refuse;
  s.timeout_ms = static_cast<std::uint32_t>(top.integer("timeout_ms"));
  if (top.has("pull")) s.pull = parse_pull_settings(top.section("pull", pull_settings_schema()));
  return s;
}

}  // namespace erpbridge::tryton
