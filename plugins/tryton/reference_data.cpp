#include "reference_data.hpp"

#include <boost/json.hpp>

#include <cctype>

#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

json::array clause(std::string_view field, std::string_view op, json::value value) {
  return json::array{json::string(field), json::string(op), std::move(value)};
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::int64_t> ReferenceData::cached(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = cache_.find(key);
  if (it == cache_.end()) return std::nullopt;
  return it->second;
}

void ReferenceData::remember(const std::string& key, std::int64_t id) {
  std::lock_guard lock(mutex_);
  cache_[key] = id;
}

Expected<std::optional<std::int64_t>> ReferenceData::find_one(std::string_view model,
                                                              const json::array& domain) {
  auto rows = rpc_.search_read(model, domain, json::array{"id"}, nullptr, 1);
  if (!rows) return rows.failure();
  if (!rows->is_array() || rows->as_array().empty()) return std::optional<std::int64_t>();
  const auto& row = rows->as_array()[0];
  if (!row.is_object() || !row.as_object().contains("id"))
    return permanent("unexpected reply from Tryton searching " + std::string(model));
  return decode_id(row.as_object().at("id"));
}

std::string ReferenceData::country_code(std::string_view event_country) const {
  if (event_country.empty()) return settings_.default_country.value_or("");
  if (auto it = settings_.country_codes.find(std::string(event_country));
      it != settings_.country_codes.end())
    return it->second;
  return upper(event_country);
}

Expected<std::int64_t> ReferenceData::country(std::string_view event_country) {
  const std::string code = country_code(event_country);
  if (code.empty())
    return permanent("the address has no country and the tryton settings name no default_country");
  const std::string key = "country:" + code;
  if (auto id = cached(key)) return *id;
  auto found = find_one("country.country", json::array{clause("code", "=", json::string(code))});
  if (!found) return found.failure();
  if (!*found)
    return permanent("country '" + code +
                     "' is not in Tryton (no country.country with that code); create it in "
                     "Tryton or map it with the country_codes setting");
  remember(key, **found);
  return **found;
}

Expected<std::optional<std::int64_t>> ReferenceData::subdivision(std::int64_t country_id,
                                                                 std::string_view country_code,
                                                                 std::string_view state) {
  if (state.empty()) return std::optional<std::int64_t>();
  // Tryton codes subdivisions ISO 3166-2 style: "IN-MH".
  std::string code = upper(state);
  if (code.find('-') == std::string::npos) code = std::string(country_code) + "-" + code;
  const std::string key = "subdivision:" + code;
  if (auto id = cached(key)) return std::optional<std::int64_t>(*id);
  auto found = find_one("country.subdivision", json::array{clause("code", "=", json::string(code)),
                                                           clause("country", "=", country_id)});
  if (!found) return found.failure();
  if (*found) remember(key, **found);
  return *found;
}

Expected<std::int64_t> ReferenceData::currency(std::string_view code_text) {
  const std::string code = upper(code_text);
  const std::string key = "currency:" + code;
  if (auto id = cached(key)) return *id;
  auto found = find_one("currency.currency", json::array{clause("code", "=", json::string(code))});
  if (!found) return found.failure();
  if (!*found)
    return permanent("currency '" + code +
                     "' is not in Tryton (no currency.currency with that code); create it, or "
                     "set currency: company");
  remember(key, **found);
  return **found;
}

Expected<std::optional<std::int64_t>> ReferenceData::configured_unit() {
  if (const auto* id = std::get_if<std::int64_t>(&settings_.unit))
    return std::optional<std::int64_t>(*id);
  const auto* name = std::get_if<std::string>(&settings_.unit);
  if (!name) return std::optional<std::int64_t>();
  const std::string key = "unit:" + *name;
  if (auto id = cached(key)) return std::optional<std::int64_t>(*id);
  json::array by_symbol{clause("symbol", "=", json::string(*name))};
  json::array by_name{clause("name", "=", json::string(*name))};
  auto found = find_one("product.uom", json::array{"OR", by_symbol, by_name});
  if (!found) return found.failure();
  if (!*found)
    return permanent("unit '" + *name + "' (the unit setting) is not in Tryton's product.uom");
  remember(key, **found);
  return *found;
}

}  // namespace erpbridge::tryton
