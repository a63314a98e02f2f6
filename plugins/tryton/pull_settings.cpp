#include "pull_settings.hpp"

#include <erpbridge/connector.hpp>
#include <erpbridge/json_pointer.hpp>

#include <boost/json.hpp>

#include <algorithm>

namespace erpbridge::tryton {

namespace json = boost::json;
using sdk::Setting;
using sdk::SettingsReader;
using sdk::SettingType;

namespace {

const Setting kPullSettings[] = {
    {.key = "stock",
     .type = SettingType::boolean,
     .fallback = true,
     .description = "report stock quantities"},
    {.key = "order_status",
     .type = SettingType::boolean,
     .fallback = true,
     .description = "report sale and return-sale states"},
    {.key = "warehouse",
     .type = SettingType::any,
     .fallback = "WH",
     .description = "the stock.location id, or the warehouse code, whose stock is reported"},
    {.key = "stock_quantity",
     .fallback = "forecast",
     .description = "quantity (done moves) or forecast (also planned moves)",
     .choices = {"quantity", "forecast"}},
    {.key = "since",
     .fallback = "now",
     .description = "where the first pull starts: now, or a UTC time like 2026-11-01T00:00:00Z"},
    {.key = "statuses",
     .type = SettingType::mapping,
     .description = "Tryton situation -> Commerceup status (or none), over the defaults"},
};

template <std::size_t N>
std::string joined(const std::array<std::string_view, N>& words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

std::variant<std::int64_t, std::string> warehouse(const SettingsReader& pull) {
  const json::value& v = *pull.find("warehouse");
  if (v.is_int64() && v.as_int64() >= 1) return v.as_int64();
  if (v.is_string() && !v.as_string().empty()) return std::string(v.as_string());
  pull.fail("warehouse", "must be a stock.location id (>= 1) or a warehouse code like WH");
}

std::optional<Stamp> since(const SettingsReader& pull) {
  const std::string text = pull.string("since");
  if (text == "now") return std::nullopt;
  if (auto stamp = Stamp::parse(text)) return stamp;
  pull.fail("since", "must be now or a UTC time like 2026-11-01T00:00:00Z (no other offset)");
}

StatusMap statuses(const SettingsReader& pull) {
  StatusMap map = default_status_map();
  const json::value* given = pull.find("statuses");
  if (!given) return map;
  for (const auto& [key, value] : given->get_object()) {
    const std::string where = sdk::child_pointer(pull.at("statuses"), key);
    const auto situation = situation_named(key);
    if (!situation)
      throw sdk::SettingsError(where,
                               "unknown situation; expected one of " + joined(kSituationNames));
    if (value.is_null() || (value.is_string() && value.as_string() == "none")) {
      map[*situation] = std::nullopt;
      continue;
    }
    const bool known = value.is_string() &&
                       std::find(kCommerceupStatuses.begin(), kCommerceupStatuses.end(),
                                 std::string_view(value.as_string())) != kCommerceupStatuses.end();
    if (!known)
      throw sdk::SettingsError(where, "must be none or one of " + joined(kCommerceupStatuses));
    map[*situation] = std::string(value.as_string());
  }
  return map;
}

}  // namespace

std::span<const Setting> pull_settings_schema() {
  return kPullSettings;
}

PullSettings parse_pull_settings(const SettingsReader& pull) {
  PullSettings p;
  p.stock = pull.boolean("stock");
  p.order_status = pull.boolean("order_status");
  p.warehouse = warehouse(pull);
  p.figure =
      pull.string("stock_quantity") == "quantity" ? StockFigure::quantity : StockFigure::forecast;
  p.since = since(pull);
  p.statuses = statuses(pull);
  return p;
}

}  // namespace erpbridge::tryton
