// order.created -> sale.sale (PROTOCOL.md §3 "Create sale order"). A server-side create runs
// no on_change, so everything the sale needs is sent: party, invoice and shipment address,
// and per line the product, quantity, unit and unit price (a Decimal object, never a float).
// Our order_id goes in `reference`, which is how lookup finds the sale again.
//
// Lines carry `sequence` = their position in the event (1, 2, ...), so the sale.line ids read
// back map onto our line_ids however Tryton orders them. A store's line discount is folded
// into the unit price: (unit_price * quantity - discount) / quantity, rounded to 4 decimals
// (Tryton's price digits), as this module set has no discount field.
#pragma once

#include <erpbridge/events.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "address_mapper.hpp"
#include "outcome.hpp"
#include "product_catalog.hpp"
#include "value_encoding.hpp"

namespace erpbridge::tryton {

struct SaleLineDraft {
  std::string line_id;
  std::string sku;
  std::string description;
  std::int64_t quantity = 0;
  Decimal unit_price;  // net of the line's discount
};

struct SaleDraft {
  std::string reference;  // our order_id
  std::string description;
  std::string comment;
  std::optional<Date> sale_date;
  std::string currency;  // ISO code, "" when the event has none
  std::optional<PostalAddress> invoice_address;
  std::optional<PostalAddress> shipment_address;
  std::vector<SaleLineDraft> lines;
  std::optional<Decimal> shipping_amount;  // > 0 only
};

// The sale an order.created event describes. Invalid (naming the field's path) only for what
// the host's validation lets through and Tryton cannot take: a quantity of 10^9 or more, money
// with more digits than Tryton's Decimal, a shipping amount that is not a decimal string.
Expected<SaleDraft> sale_draft(const sdk::OrderView& order);

// The Tryton records a sale refers to, resolved by the caller.
struct SaleRefs {
  std::int64_t party = 0;
  std::int64_t invoice_address = 0;
  std::int64_t shipment_address = 0;
  std::optional<std::int64_t> currency;
  std::optional<std::int64_t> payment_term;
  std::map<std::string, Product> products;  // by SKU
  std::optional<std::int64_t> unit;         // overrides each product's default unit
  std::optional<Product> shipping_product;
};

// The sale.sale create values.
boost::json::object sale_values(const SaleDraft& draft, const SaleRefs& refs);

// The sequence of the shipping line: after every item line.
inline std::int64_t shipping_sequence(const SaleDraft& draft) {
  return static_cast<std::int64_t>(draft.lines.size()) + 1;
}

}  // namespace erpbridge::tryton
