#include "pull_settings.hpp"

#include <erpbridge/connector.hpp>

#include <boost/json.hpp>

#include <algorithm>

namespace erpbridge::tryton {

namespace json = boost::json;
using sdk::SettingsError;

namespace {

template <std::size_t N>
std::string joined(const std::array<std::string_view, N>& words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

bool flag(const json::value& v, const std::string& where) {
  if (!v.is_bool()) throw SettingsError(where, "must be true or false");
  return v.as_bool();
}

std::variant<std::int64_t, std::string> warehouse(const json::value& v) {
  if (v.is_int64() && v.as_int64() >= 1) return v.as_int64();
  if (v.is_string() && !v.as_string().empty()) return std::string(v.as_string());
  throw SettingsError("/pull/warehouse",
                      "must be a stock.location id (>= 1) or a warehouse code like WH");
}

StockFigure figure(const json::value& v) {
  if (v.is_string() && v.as_string() == "quantity") return StockFigure::quantity;
  if (v.is_string() && v.as_string() == "forecast") return StockFigure::forecast;
  throw SettingsError("/pull/stock_quantity", "must be quantity or forecast");
}

std::optional<Stamp> since(const json::value& v) {
  if (v.is_string() && v.as_string() == "now") return std::nullopt;
  if (v.is_string()) {
    if (auto stamp = Stamp::parse(v.as_string())) return stamp;
  }
  throw SettingsError("/pull/since",
                      "must be now or a UTC time like 2026-11-01T00:00:00Z (no other offset)");
}

StatusMap statuses(const json::value& v) {
  if (!v.is_object())
    throw SettingsError("/pull/statuses", "must be a map of Tryton situation -> status");
  StatusMap map = default_status_map();
  for (const auto& [key, value] : v.as_object()) {
    const std::string where = "/pull/statuses/" + std::string(key);
    const auto situation = situation_named(key);
    if (!situation)
      throw SettingsError(where, "unknown situation; expected one of " + joined(kSituationNames));
    if (value.is_null() || (value.is_string() && value.as_string() == "none")) {
      map[*situation] = std::nullopt;
      continue;
    }
    const bool known = value.is_string() &&
                       std::find(kCommerceupStatuses.begin(), kCommerceupStatuses.end(),
                                 std::string_view(value.as_string())) != kCommerceupStatuses.end();
    if (!known) throw SettingsError(where, "must be none or one of " + joined(kCommerceupStatuses));
    map[*situation] = std::string(value.as_string());
  }
  return map;
}

}  // namespace

PullSettings parse_pull_settings(const json::value& v) {
  if (!v.is_object()) throw SettingsError("/pull", "must be a map");
  PullSettings p;
  for (const auto& [key, value] : v.as_object()) {
    if (key == "stock")
      p.stock = flag(value, "/pull/stock");
    else if (key == "order_status")
      p.order_status = flag(value, "/pull/order_status");
    else if (key == "warehouse")
      p.warehouse = warehouse(value);
    else if (key == "stock_quantity")
      p.figure = figure(value);
    else if (key == "since")
      p.since = since(value);
    else if (key == "statuses")
      p.statuses = statuses(value);
    else
      throw SettingsError("/pull/" + std::string(key),
                          "unknown setting; expected stock, order_status, warehouse, "
                          "stock_quantity, since or statuses");
  }
  return p;
}

}  // namespace erpbridge::tryton
