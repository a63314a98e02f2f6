#include "syncback/change_events.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <random>

namespace erpbridge::syncback {

namespace {

namespace json = boost::json;

std::string stock_payload(const StockChange& c) {
  json::object o;
  o["sku"] = c.sku;
  if (c.quantity)
    o["quantity"] = *c.quantity;
  else
    o["delta"] = *c.delta;
  return json::serialize(o);
}

std::string order_status_payload(const OrderStatusChange& c) {
  json::object o;
  if (!c.erp_order_id.empty())
    o["erp_order_id"] = c.erp_order_id;
  else
    o["order_id"] = c.order_id;
  o["status"] = c.status;
  if (c.items) {
    json::array items;
    for (const OrderItem& item : *c.items)
      items.push_back({{"sku", item.sku}, {"quantity", item.quantity}});
    o["items"] = std::move(items);
  }
  return json::serialize(o);
}

std::string random_hex(std::size_t bytes) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    char two[3];
    std::snprintf(two, sizeof two, "%02x", static_cast<unsigned>(generator() & 0xff));
    out += two;
  }
  return out;
}

}  // namespace

std::string order_status_lane(const OrderStatusChange& change, const OrderIdLookup& lookup) {
  if (!change.order_id.empty()) return "commerceup:order:" + change.order_id;
  if (lookup)
    if (auto ours = lookup(change.erp_order_id)) return "commerceup:order:" + *ours;
  return "commerceup:order:erp:" + change.erp_order_id;
}

std::vector<store::NewEvent> change_events(const std::string& tenant, const Changes& changes,
                                           const std::string& id_prefix,
                                           const OrderIdLookup& lookup) {
  std::vector<store::NewEvent> out;
  out.reserve(changes.inventory.size() + changes.order_status.size());
  std::size_t n = 0;
  auto next_id = [&] { return id_prefix + ":" + std::to_string(n++); };
  for (const StockChange& c : changes.inventory)
    out.push_back({tenant, next_id(), c.quantity ? kInventoryEvent : kInventoryDeltaEvent,
                   kInventoryLane, c.sku, stock_payload(c)});
  for (const OrderStatusChange& c : changes.order_status) {
    const std::string& order = c.erp_order_id.empty() ? c.order_id : c.erp_order_id;
    out.push_back({tenant, next_id(), kOrderStatusEvent, order_status_lane(c, lookup), order,
                   order_status_payload(c)});
  }
  return out;
}

std::string push_id_prefix(const std::string& endpoint_kind,
                           const std::optional<std::string>& idempotency_key) {
  if (idempotency_key) return "push:" + endpoint_kind + ":key:" + *idempotency_key;
  return unique_id_prefix("push:" + endpoint_kind);
}

std::string unique_id_prefix(const std::string& source) {
  return source + ":" + random_hex(16);
}

std::string check_idempotency_key(const std::string& key) {
  if (key.empty() || key.size() > 200) return "must be 1 to 200 characters";
  for (unsigned char c : key)
    if (c < 0x21 || c > 0x7e) return "must be printable ASCII without spaces";
  return {};
}

}  // namespace erpbridge::syncback
