// The changes document of sync back (docs/sync-back.md): stock levels and order statuses the
// ERP reports, whether it pushed them (POST /v1/erp/...), an adapter translated them, or the
// host pulled them. One parser for all three, so every way in accepts exactly the same
// documents and names the field of any problem as a JSON pointer.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace erpbridge::syncback {

// The Commerceup order statuses, in Commerceup's spelling.
const std::vector<std::string>& order_statuses();

struct StockChange {
  std::string sku;
  std::optional<std::int64_t> quantity;  // absolute, >= 0
  std::optional<std::int64_t> delta;     // signed, != 0; exactly one of the two is set
};

struct OrderItem {
  std::string sku;
  std::int64_t quantity = 1;
};

struct OrderStatusChange {
  std::string erp_order_id;  // the ERP's order id (the host finds Commerceup's in the id map)
  std::string order_id;      // or Commerceup's own; exactly one of the two is set
  std::string status;
  std::optional<std::vector<OrderItem>> items;
};

struct Changes {
  std::vector<StockChange> inventory;
  std::vector<OrderStatusChange> order_status;
  std::optional<std::string> cursor;  // pull answers only
  bool more = false;                  // pull answers only
};

// What a document must contain, by where it came from.
enum class ChangesSource {
  inventory_push,     // POST /v1/erp/inventory: a non-empty `inventory`, nothing else
  order_status_push,  // POST /v1/erp/order-status: a non-empty `order_status`, nothing else
  pull,               // a pull answer: either list or none, plus `cursor` (and `more`)
};

struct ChangesError {
  std::string field;    // JSON pointer into the document ("/inventory/3/quantity"), or ""
  std::string message;  // "must be an integer >= 0"
  std::string text() const { return field.empty() ? message : field + ": " + message; }
};

// Most changes one document may carry.
inline constexpr std::size_t kMaxChangesPerDocument = 10000;

std::optional<Changes> parse_changes(const boost::json::value& document, ChangesSource source,
                                     ChangesError& error);
// The same from JSON text; text that is not JSON is an error with an empty field.
std::optional<Changes> parse_changes_json(std::string_view json, ChangesSource source,
                                          ChangesError& error);

}  // namespace erpbridge::syncback
