#include "syncback/commerceup_calls.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <map>

namespace erpbridge::syncback {

namespace {

namespace json = boost::json;

// A stored payload is one entry of a changes document: parse it with the same rules, as the
// only entry of the list it came from.
std::optional<Changes> reparse(const std::string& payload, const char* list, ChangesSource source) {
  boost::system::error_code ec;
  json::value entry = json::parse(payload, ec);
  if (ec) return std::nullopt;
  json::object document;
  document[list] = json::array{std::move(entry)};
  ChangesError ignored;
  return parse_changes(json::value(std::move(document)), source, ignored);
}

std::optional<StockChange> stock_of(const store::OutboxEvent& row) {
  auto changes = reparse(row.payload, "inventory", ChangesSource::inventory_push);
  if (!changes || changes->inventory.size() != 1) return std::nullopt;
  return std::move(changes->inventory.front());
}

}  // namespace

InventoryBatch coalesce_inventory(const std::vector<store::OutboxEvent>& rows, bool deltas,
                                  std::size_t max_skus) {
  InventoryBatch batch;
  std::map<std::string, std::size_t> index;  // sku -> position in entries
  for (const store::OutboxEvent& row : rows) {
    auto change = stock_of(row);
    if (!change || change->delta.has_value() != deltas) break;
    auto found = index.find(change->sku);
    if (found == index.end()) {
      if (batch.entries.size() >= max_skus) break;
      index.emplace(change->sku, batch.entries.size());
      batch.entries.push_back({change->sku, deltas ? *change->delta : *change->quantity});
    } else if (deltas) {
      batch.entries[found->second].quantity += *change->delta;
    } else {
      batch.entries[found->second].quantity = *change->quantity;
    }
    ++batch.rows;
  }
  if (deltas) std::erase_if(batch.entries, [](const StockEntry& e) { return e.quantity == 0; });
  return batch;
}

std::string bulk_inventory_body(const InventoryBatch& batch) {
  json::array inventory;
  for (const StockEntry& e : batch.entries)
    inventory.push_back(json::object{{"sku", e.sku}, {"quantity", e.quantity}});
  return json::serialize(json::object{{"inventory", std::move(inventory)}});
}

std::optional<OrderStatusChange> order_status_of(const store::OutboxEvent& row) {
  auto changes = reparse(row.payload, "order_status", ChangesSource::order_status_push);
  if (!changes || changes->order_status.size() != 1) return std::nullopt;
  return std::move(changes->order_status.front());
}

std::string order_status_body(const std::string& commerceup_order_id,
                              const OrderStatusChange& change) {
  json::object body{{"orderId", commerceup_order_id}, {"status", change.status}};
  if (change.items) {
    json::array items;
    for (const OrderItem& item : *change.items)
      items.push_back(json::object{{"sku", item.sku}, {"quantity", item.quantity}});
    body["items"] = std::move(items);
  }
  return json::serialize(body);
}

}  // namespace erpbridge::syncback
