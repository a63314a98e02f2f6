// What a warehouse does in Tryton, done over JSON-RPC by tests of the sync back to Commerceup:
// stock arriving, a customer shipment going out, and the quantities Tryton then reports. Also
// a sale made the way the connector makes it (customer.created, then order.created). Shared by
// tryton_pull_test.cpp and tests of the whole path through `erpbridge serve`.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "plugin_connector.hpp"
#include "sample_events.hpp"
#include "tryton_peer.hpp"

namespace erpbridge::testing {

// The product.product whose code is `sku`; throws when there is none.
std::int64_t product_id(const TrytonPeer& peer, const std::string& sku);

// Puts `quantity` units of `sku` into the warehouse's storage zone (code STO) with a done move
// from Lost and Found, as a stock count finding goods does. Returns the move id.
std::int64_t add_stock(const TrytonPeer& peer, const std::string& sku, double quantity);

// Takes every customer shipment of `sale` through assign, pick, pack and done (the goods leave
// the warehouse); Tryton then marks the sale's shipment_state sent. Throws if a shipment does
// not end done, for example when the warehouse lacks the stock to assign it.
void ship_sale(const TrytonPeer& peer, std::int64_t sale);

// Tryton's figure for `sku` in the warehouse (code WH): "quantity" or "forecast_quantity".
double warehouse_quantity(const TrytonPeer& peer, const std::string& sku,
                          const std::string& field = "forecast_quantity");

// The highest stock.move id so far (0 without moves): moves made later have higher ids.
std::int64_t last_move_id(const TrytonPeer& peer);

struct AdapterSale {
  std::string customer_erp_id;  // the party id
  std::string erp_id;           // the sale id: order.created's erp_id
  boost::json::object line_erp_ids;
};

// Delivers the sample customer.created and order.created (ids of `sample`) through the
// connector, as the host would, and returns the ids Tryton gave. Throws on a failure.
AdapterSale create_sale(PluginConnector& connector, const SampleIds& sample);

}  // namespace erpbridge::testing
