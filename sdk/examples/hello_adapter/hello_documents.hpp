// The documents the example ERP takes, built from the four events: pure functions, no I/O.
// The ERP is one that speaks Commerceup's sample ERP contract (the demo ERP erpbridge ships,
// installed with this example as test_erp/sample_erp.py; its README.md is the contract):
//   POST /createcustomer {"customer": {...}}  -> {"status": "success", "customerId": ".."}
//   POST /createorder    {"order": {...}}     -> {"status": "success", "orderId": "..",
//                                                 "lines": [{"lineRef", "lineId"}]}
//   POST /cancelorder    {"cancel": {...}}    -> {"status": "success", "cancelled": true}
//   POST /returnorder    {"return": {...}}    -> {"status": "success", "returnId": ".."}
// Cancellations and returns name the ERP's order and line ids, which the host hands over in
// the delivery's refs.
#pragma once

#include <erpbridge/connector.hpp>
#include <erpbridge/events.hpp>
#include <erpbridge/result.hpp>

#include <boost/json.hpp>

#include <string>
#include <string_view>

namespace hello {

namespace sdk = erpbridge::sdk;

// Sets `key` to `text` unless it is empty: the ERP takes absent optional fields, not "".
inline void put(boost::json::object& to, std::string_view key, std::string_view text) {
  if (!text.empty()) to[key] = boost::json::string_view(text.data(), text.size());
}

inline boost::json::object address_document(const sdk::AddressView& address) {
  boost::json::object out;
  put(out, "type", address.type());
  put(out, "name", address.name());
  put(out, "line1", address.line1());
  put(out, "line2", address.line2());
  put(out, "city", address.city());
  put(out, "state", address.state());
  put(out, "pincode", address.pincode());
  put(out, "country", address.country());
  put(out, "phone", address.phone());
  return out;
}

inline boost::json::object customer_document(const sdk::CustomerView& customer) {
  boost::json::object out;
  put(out, "externalId", customer.customer_id());  // our id: what a lookup finds it by
  put(out, "firstName", customer.first_name());
  put(out, "lastName", customer.last_name());
  put(out, "email", customer.email());
  put(out, "phone", customer.phone());
  put(out, "gstin", customer.gstin());
  boost::json::array addresses;
  for (const auto& address : customer.addresses()) addresses.push_back(address_document(address));
  if (!addresses.empty()) out["addresses"] = std::move(addresses);
  return {{"customer", std::move(out)}};
}

inline boost::json::object order_document(const sdk::OrderView& order,
                                          const std::string& customer_erp_id) {
  boost::json::object out;
  put(out, "externalId", order.order_id());
  put(out, "orderNumber", order.order_number());
  out["customerId"] = customer_erp_id;
  put(out, "currency", order.currency());
  put(out, "orderDate", order.placed_at());
  put(out, "paymentMethod", order.payment_method());
  if (const auto billing = order.billing_address()) out["billTo"] = address_document(*billing);
  if (const auto shipping = order.shipping_address()) out["shipTo"] = address_document(*shipping);
  boost::json::array lines;
  for (const auto& line : order.lines()) {
    boost::json::object l;
    put(l, "lineRef", line.line_id());
    put(l, "sku", line.sku());
    put(l, "description", line.name());
    l["quantity"] = line.quantity();
    put(l, "unitPrice", line.unit_price());
    put(l, "discount", line.discount());
    put(l, "taxAmount", line.tax_amount());
    put(l, "lineTotal", line.line_total());
    lines.push_back(std::move(l));
  }
  out["lines"] = std::move(lines);
  put(out, "grandTotal", order.grand_total());
  return {{"order", std::move(out)}};
}

// The ERP's id of our order line `line_id`, from refs.line_erp_ids. Without it the event
// cannot be mapped: invalid, which the host never retries.
inline std::string line_erp_id(const sdk::Delivery& delivery, std::string_view line_id) {
  const auto* ids = delivery.refs.if_contains("line_erp_ids");
  const auto* id = ids && ids->is_object() ? ids->as_object().if_contains(line_id) : nullptr;
  if (!id || !id->is_string())
    throw sdk::ConnectorError(sdk::ResultClass::invalid,
                              "no ERP id for order line " + std::string(line_id));
  return std::string(id->as_string());
}

// A full cancellation names no lines: the ERP then cancels the whole order.
inline boost::json::object cancel_document(const sdk::Delivery& delivery,
                                           const std::string& order_erp_id) {
  const auto cancel = sdk::view_of<sdk::CancellationView>(delivery);
  boost::json::object out;
  out["orderId"] = order_erp_id;
  put(out, "reference", cancel.cancellation_id());
  put(out, "reason", cancel.reason());
  if (!cancel.full()) {
    boost::json::array lines;
    for (const auto& line : cancel.lines())
      lines.push_back(
          {{"lineId", line_erp_id(delivery, line.line_id())}, {"quantity", line.quantity()}});
    out["lines"] = std::move(lines);
  }
  return {{"cancel", std::move(out)}};
}

inline boost::json::object return_document(const sdk::Delivery& delivery,
                                           const std::string& order_erp_id) {
  const auto returned = sdk::view_of<sdk::ReturnView>(delivery);
  boost::json::object out;
  out["orderId"] = order_erp_id;
  put(out, "reference", returned.return_id());
  boost::json::array lines;
  for (const auto& line : returned.lines()) {
    boost::json::object l{{"lineId", line_erp_id(delivery, line.line_id())},
                          {"quantity", line.quantity()}};
    put(l, "reason", line.reason());
    lines.push_back(std::move(l));
  }
  out["lines"] = std::move(lines);
  return {{"return", std::move(out)}};
}

}  // namespace hello
