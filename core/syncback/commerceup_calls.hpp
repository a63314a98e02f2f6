// What the host sends to Commerceup's open API for claimed sync-back rows
// (docs/sync-back.md): a lane head and the rows behind it folded into one bulkinventory or
// bulkincrementinventory call, or one orderstatus call per row. Pure functions, no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/outbox_rows.hpp"
#include "syncback/changes.hpp"

namespace erpbridge::syncback {

struct StockEntry {
  std::string sku;
  std::int64_t quantity = 0;  // absolute, or the summed delta
};

struct InventoryBatch {
  std::size_t rows = 0;             // how many of the given rows (a prefix) the call covers
  std::vector<StockEntry> entries;  // one per SKU, in order of first appearance
};

// `rows`: a lane head, then its followers in lane order, all of one event type. Absolute
// quantities: the latest quantity of a SKU wins. Deltas: summed per SKU, and a SKU whose
// deltas cancel out is left out of the call. Takes rows until the next one would bring the
// call above `max_skus` SKUs, or does not parse (it was validated when stored; only a damaged
// row fails, and it then becomes a head of its own). rows == 0: the head itself is damaged.
InventoryBatch coalesce_inventory(const std::vector<store::OutboxEvent>& rows, bool deltas,
                                  std::size_t max_skus);

// {"inventory": [{"sku", "quantity"}, ..]}: the body of both bulk endpoints.
std::string bulk_inventory_body(const InventoryBatch& batch);

// The stored order-status change of a row, or nullopt if the payload is damaged.
std::optional<OrderStatusChange> order_status_of(const store::OutboxEvent& row);

// {"orderId", "status", "items"?}: the body of orderstatus.
std::string order_status_body(const std::string& commerceup_order_id,
                              const OrderStatusChange& change);

}  // namespace erpbridge::syncback
