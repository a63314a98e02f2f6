#include "tryton_sync_actions.hpp"

#include <cmath>
#include <stdexcept>

namespace erpbridge::testing {

namespace json = boost::json;

namespace {

std::int64_t location(const TrytonPeer& peer, json::array domain, const std::string& what) {
  auto rows = peer.search_read("stock.location", std::move(domain), {"id"});
  if (rows.empty()) throw std::runtime_error("Tryton has no " + what + " location");
  return rows.front().at("id").as_int64();
}

// A whole quantity as an integer: units with 0 digits refuse even "10.0" as too precise.
json::value as_number(double quantity) {
  if (quantity == std::floor(quantity)) return static_cast<std::int64_t>(quantity);
  return quantity;
}

void press(const TrytonPeer& peer, const std::string& button, std::int64_t shipment) {
  peer.call("stock.shipment.out", button, json::array{json::array{shipment}});
}

}  // namespace

std::int64_t product_id(const TrytonPeer& peer, const std::string& sku) {
  auto rows = peer.search_read("product.product", {json::array{"code", "=", sku}}, {"id"});
  if (rows.empty()) throw std::runtime_error("Tryton has no product " + sku);
  return rows.front().at("id").as_int64();
}

std::int64_t add_stock(const TrytonPeer& peer, const std::string& sku, double quantity) {
  const auto product = product_id(peer, sku);
  const auto unit = peer.read("product.product", product, {"default_uom"}).at("default_uom");
  const auto from = location(peer, {json::array{"type", "=", "lost_found"}}, "lost and found");
  const auto to = location(peer, {json::array{"code", "=", "STO"}}, "storage (STO)");
  auto ids = peer.call("stock.move", "create",
                       json::array{json::array{json::object{{"product", product},
                                                            {"uom", unit},
                                                            {"quantity", as_number(quantity)},
                                                            {"from_location", from},
                                                            {"to_location", to},
                                                            {"company", 1}}}});
  const auto move = ids.as_array().at(0).as_int64();
  peer.call("stock.move", "do", json::array{json::array{move}});
  const auto state = peer.read("stock.move", move, {"state"}).at("state");
  if (state != "done") throw std::runtime_error("stock move " + std::to_string(move) + " not done");
  return move;
}

void ship_sale(const TrytonPeer& peer, std::int64_t sale) {
  const auto shipments = peer.read("sale.sale", sale, {"shipments"}).at("shipments").as_array();
  if (shipments.empty())
    throw std::runtime_error("sale " + std::to_string(sale) + " has no shipment to ship");
  for (const auto& s : shipments) {
    const auto shipment = s.as_int64();
    // assign_try answers false, and changes nothing, when the stock is not there.
    if (!peer.call("stock.shipment.out", "assign_try", json::array{json::array{shipment}})
             .as_bool())
      throw std::runtime_error("shipment " + std::to_string(shipment) +
                               " cannot be assigned: not enough stock");
    press(peer, "pick", shipment);
    press(peer, "pack", shipment);
    press(peer, "done", shipment);
    const auto state = peer.read("stock.shipment.out", shipment, {"state"}).at("state");
    if (state != "done")
      throw std::runtime_error("shipment " + std::to_string(shipment) + " ended as " +
                               json::serialize(state));
  }
}

double warehouse_quantity(const TrytonPeer& peer, const std::string& sku,
                          const std::string& field) {
  const auto warehouse = location(peer, {json::array{"code", "=", "WH"}}, "warehouse (WH)");
  auto rows = peer.call("product.product", "read",
                        json::array{json::array{product_id(peer, sku)}, json::array{field}},
                        json::object{{"company", 1}, {"locations", json::array{warehouse}}});
  return rows.as_array().at(0).as_object().at(field).to_number<double>();
}

std::int64_t last_move_id(const TrytonPeer& peer) {
  auto rows = peer.call("stock.move", "search",
                        json::array{json::array{}, 0, 1, json::array{json::array{"id", "DESC"}}});
  return rows.as_array().empty() ? 0 : rows.as_array().at(0).as_int64();
}

AdapterSale create_sale(PluginConnector& connector, const SampleIds& sample) {
  AdapterSale sale;
  auto customer = connector.deliver(sample.event("customer.created"));
  if (!customer.ok() || !customer.erp_id)
    throw std::runtime_error("customer.created: " + customer.message);
  sale.customer_erp_id = *customer.erp_id;
  auto order = connector.deliver(sample.event("order.created"),
                                 json::object{{"customer_erp_id", sale.customer_erp_id}});
  if (!order.ok() || !order.erp_id) throw std::runtime_error("order.created: " + order.message);
  sale.erp_id = *order.erp_id;
  for (const auto& [line, erp_line] : order.line_erp_ids) sale.line_erp_ids[line] = erp_line;
  return sale;
}

}  // namespace erpbridge::testing
