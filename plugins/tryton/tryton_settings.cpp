#include "tryton_settings.hpp"

#include <erpbridge/connector.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace erpbridge::tryton {

namespace json = boost::json;
using sdk::SettingsError;

namespace {

constexpr std::array<std::string_view, 16> kKeys = {"database",
                                                    "login",
                                                    "password",
                                                    "company",
                                                    "language",
                                                    "workflow",
                                                    "party_code_prefix",
                                                    "country_codes",
                                                    "default_country",
                                                    "currency",
                                                    "unit",
                                                    "payment_term",
                                                    "shipping_product",
                                                    "cancel_processing",
                                                    "timeout_ms",
                                                    "pull"};

std::string pointer(std::string_view key) {
  return "/" + std::string(key);
}

std::string join(const std::array<std::string_view, 16>& words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

bool all_of(std::string_view text, bool (*ok)(char)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), ok);
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

std::string text(const json::value& v, const std::string& where, bool allow_empty = false) {
  if (!v.is_string()) throw SettingsError(where, "must be a string");
  if (!allow_empty && v.as_string().empty()) throw SettingsError(where, "must not be empty");
  return std::string(v.as_string());
}

std::int64_t id(const json::value& v, const std::string& where) {
  if (!v.is_int64() || v.as_int64() < 1)
    throw SettingsError(where, "must be a record id (a whole number >= 1)");
  return v.as_int64();
}

bool flag(const json::value& v, const std::string& where) {
  if (!v.is_bool()) throw SettingsError(where, "must be true or false");
  return v.as_bool();
}

std::string country_code(const json::value& v, const std::string& where) {
  auto code = text(v, where);
  if (code.size() != 2 || !all_of(code, [](char c) { return c >= 'A' && c <= 'Z'; }))
    throw SettingsError(where, "must be an ISO 3166 alpha-2 code in capitals, like IN");
  return code;
}

const json::value& required(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) throw SettingsError(pointer(key), "is required");
  return *v;
}

WorkflowSettings parse_workflow(const json::value& v) {
  if (!v.is_object()) throw SettingsError("/workflow", "must be a map with quote and confirm");
  WorkflowSettings w;
  for (const auto& [key, value] : v.as_object()) {
    const std::string where = "/workflow/" + std::string(key);
    if (key == "quote")
      w.quote = flag(value, where);
    else if (key == "confirm")
      w.confirm = flag(value, where);
    else
      throw SettingsError(where, "unknown setting; expected quote or confirm");
  }
  if (w.confirm && !w.quote)
    throw SettingsError("/workflow/confirm",
                        "confirm needs quote: true (Tryton confirms only quoted sales)");
  return w;
}

std::map<std::string, std::string> parse_country_codes(const json::value& v) {
  if (!v.is_object())
    throw SettingsError("/country_codes", "must be a map of event country -> ISO code");
  std::map<std::string, std::string> codes;
  for (const auto& [key, value] : v.as_object())
    codes[std::string(key)] = country_code(value, "/country_codes/" + std::string(key));
  return codes;
}

}  // namespace

json::object TrytonSettings::context() const {
  return json::object{{"company", company}, {"language", language}};
}

TrytonSettings parse_tryton_settings(const json::object& o) {
  for (const auto& [key, value] : o) {
    if (std::find(kKeys.begin(), kKeys.end(), std::string_view(key)) == kKeys.end())
      throw SettingsError(pointer(key), "unknown setting; expected one of " + join(kKeys));
  }
  TrytonSettings s;
  s.database = text(required(o, "database"), "/database");
  if (!all_of(s.database, name_char) || s.database.size() > 64)
    throw SettingsError("/database", "must be 1-64 of A-Z a-z 0-9 _ - .");
  s.login = text(required(o, "login"), "/login");
  s.password = text(required(o, "password"), "/password");
  if (const auto* v = o.if_contains("company")) s.company = id(*v, "/company");
  if (const auto* v = o.if_contains("language")) {
    s.language = text(*v, "/language");
    const bool ok = (s.language.size() == 2 || (s.language.size() == 5 && s.language[2] == '_')) &&
                    all_of(s.language, [](char c) {
                      return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
                    });
    if (!ok) throw SettingsError("/language", "must be a Tryton language code like en or fr_FR");
  }
  if (const auto* v = o.if_contains("workflow")) s.workflow = parse_workflow(*v);
  if (const auto* v = o.if_contains("party_code_prefix")) {
    s.party_code_prefix = text(*v, "/party_code_prefix", /*allow_empty=*/true);
    if (s.party_code_prefix.size() > 32)
      throw SettingsError("/party_code_prefix", "must be at most 32 characters");
  }
  if (const auto* v = o.if_contains("country_codes")) s.country_codes = parse_country_codes(*v);
  if (const auto* v = o.if_contains("default_country"))
    s.default_country = country_code(*v, "/default_country");
  if (const auto* v = o.if_contains("currency")) {
    const auto c = text(*v, "/currency");
    if (c == "order")
      s.currency = CurrencySource::order;
    else if (c == "company")
      s.currency = CurrencySource::company;
    else
      throw SettingsError("/currency", "must be order or company");
  }
  if (const auto* v = o.if_contains("unit")) {
    if (v->is_string())
      s.unit = text(*v, "/unit");
    else if (v->is_int64())
      s.unit = id(*v, "/unit");
    else
      throw SettingsError("/unit", "must be a product.uom id or a unit name or symbol");
  }
  if (const auto* v = o.if_contains("payment_term")) s.payment_term = id(*v, "/payment_term");
  if (const auto* v = o.if_contains("shipping_product"))
    s.shipping_product = text(*v, "/shipping_product");
  if (const auto* v = o.if_contains("cancel_processing")) {
    const auto c = text(*v, "/cancel_processing");
    if (c == "refuse")
      s.cancel_processing = ProcessingCancel::refuse;
    else if (c == "void")
      s.cancel_processing = ProcessingCancel::void_;
    else
      throw SettingsError("/cancel_processing", "must be refuse or void");
  }
  if (const auto* v = o.if_contains("timeout_ms")) {
    if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > 86400000)
      throw SettingsError("/timeout_ms", "must be a whole number of milliseconds, 0-86400000");
    s.timeout_ms = static_cast<std::uint32_t>(v->as_int64());
  }
  if (const auto* v = o.if_contains("pull")) s.pull = parse_pull_settings(*v);
  return s;
}

}  // namespace erpbridge::tryton
