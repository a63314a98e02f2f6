// Stock quantities for the pull: the products whose stock moves in the warehouse changed since
// the cursor, each with Tryton's current quantity for the whole warehouse (absolute, so a
// product reported twice does no harm).
#pragma once

#include <boost/json/array.hpp>

#include <cstdint>

#include "json_rpc_client.hpp"
#include "outcome.hpp"
#include "pull_cursor.hpp"
#include "pull_settings.hpp"

namespace erpbridge::tryton {

struct StockPage {
  boost::json::array inventory;  // [{"sku", "quantity"}], one per product
  Mark next;                     // the last stock move taken into account
  bool more = false;
};

// At most `limit` stock moves after `after` are read, so at most `limit` entries come back.
Expected<StockPage> pull_stock(JsonRpcClient& rpc, const PullSettings& settings,
                               std::int64_t warehouse, const Mark& after, int limit);

// Tryton's float quantity as the whole units the store can sell: rounded down (2.7 kg of a
// product sold by the kg is 2 sellable units; rounding up would sell stock that is not there),
// with a tolerance of 1e-6 for float noise (7.9999999 is 8), and never below 0 (Tryton allows
// negative stock; the store does not).
std::int64_t whole_units(double quantity);

}  // namespace erpbridge::tryton
