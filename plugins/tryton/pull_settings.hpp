// The `pull:` part of the tryton settings: what the connector reports when the host pulls
// changes (docs/sync-back.md). README.md, "Pull", documents each key.
#pragma once

#include <erpbridge/settings.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "pull_cursor.hpp"
#include "sale_status.hpp"

namespace erpbridge::tryton {

// Which of Tryton's stock figures is reported as the store's quantity.
enum class StockFigure {
  quantity,  // product.quantity: done moves, less outgoing moves already assigned
  forecast,  // product.forecast_quantity: also every planned move (unshipped sales, receipts)
};

struct PullSettings {
  bool stock = true;         // report stock quantities
  bool order_status = true;  // report sale and return-sale states
  std::variant<std::int64_t, std::string> warehouse = std::string("WH");  // id, or location code
  StockFigure figure = StockFigure::forecast;
  std::optional<Stamp> since;  // the first pull starts here (UTC); nullopt: "now"
  StatusMap statuses = default_status_map();

  // Tryton's field name for `figure`.
  const char* quantity_field() const {
    return figure == StockFigure::quantity ? "quantity" : "forecast_quantity";
  }
};

// The `pull:` mapping, already checked against pull_settings_schema(). Throws
// sdk::SettingsError with pointers under "/pull" for what the table cannot state.
PullSettings parse_pull_settings(const sdk::SettingsReader& pull);

// The keys of `pull:` as declared, for validation and docs.
std::span<const sdk::Setting> pull_settings_schema();

}  // namespace erpbridge::tryton
