// The rules each event's `data` must meet before it is accepted. They check what adapters
// rely on (ids, quantities, money as decimal strings), not every optional field, so that
// Commerceup can add fields without breaking us.
#include "events/event_validation.hpp"

#include "events/json_checks.hpp"

namespace erpbridge::events {

namespace json = boost::json;

namespace {

bool address(JsonChecks& c, const json::object& a, const std::string& p) {
  return c.optional_string(a, "name", p) && c.optional_string(a, "line1", p) &&
         c.optional_string(a, "line2", p) && c.optional_string(a, "city", p) &&
         c.optional_string(a, "state", p) && c.optional_string(a, "pincode", p, 16) &&
         c.optional_string(a, "country", p, 2) && c.optional_string(a, "phone", p, 32);
}

bool customer_created(JsonChecks& c, const json::object& d) {
  const std::string p = "data";
  if (!(c.identifier(d, "customer_id", p) && c.required_string(d, "first_name", p) &&
        c.optional_string(d, "last_name", p) && c.required_string(d, "email", p) &&
        c.optional_string(d, "phone", p, 32) && c.optional_string(d, "gstin", p, 15) &&
        c.timestamp(d, "created_at", p, false) && c.array_of_objects(d, "addresses", p, false, 0)))
    return false;
  if (d.at("email").as_string().find('@') == json::string::npos)
    return c.fail("data.email", "must be an email address");
  if (const auto* addresses = d.if_contains("addresses"); addresses && addresses->is_array()) {
    const auto& list = addresses->as_array();
    for (std::size_t i = 0; i < list.size(); ++i)
      if (!address(c, list[i].as_object(), index_path("data.addresses", i))) return false;
  }
  return true;
}

bool order_line(JsonChecks& c, const json::object& line, const std::string& p) {
  if (!(c.identifier(line, "line_id", p) && c.identifier(line, "sku", p) &&
        c.optional_string(line, "name", p) && c.positive_integer(line, "quantity", p) &&
        c.decimal(line, "unit_price", p, true) && c.decimal(line, "discount", p, false) &&
        c.decimal(line, "line_total", p, true) && c.optional_object(line, "tax", p)))
    return false;
  if (const auto* tax = line.if_contains("tax"); tax && tax->is_object())
    return c.decimal(tax->as_object(), "rate", p + ".tax", false) &&
           c.decimal(tax->as_object(), "amount", p + ".tax", false);
  return true;
}

bool order_created(JsonChecks& c, const json::object& d) {
  const std::string p = "data";
  if (!(c.identifier(d, "order_id", p) && c.optional_string(d, "order_number", p) &&
        c.required_object(d, "customer", p) && c.timestamp(d, "placed_at", p, true) &&
        c.required_string(d, "currency", p, 3) && c.optional_object(d, "payment", p) &&
        c.optional_object(d, "billing_address", p) && c.optional_object(d, "shipping_address", p) &&
        c.array_of_objects(d, "items", p, true, 1) && c.required_object(d, "totals", p)))
    return false;
  if (!c.identifier(d.at("customer").as_object(), "customer_id", "data.customer")) return false;
  for (const char* key : {"billing_address", "shipping_address"})
    if (const auto* a = d.if_contains(key); a && a->is_object())
      if (!address(c, a->as_object(), member_path(p, key))) return false;
  const auto& items = d.at("items").as_array();
  for (std::size_t i = 0; i < items.size(); ++i)
    if (!order_line(c, items[i].as_object(), index_path("data.items", i))) return false;
  return c.decimal(d.at("totals").as_object(), "grand_total", "data.totals", true);
}

// Cancel and return lines name an order line and a quantity.
bool changed_lines(JsonChecks& c, const json::object& d, bool required) {
  if (!c.array_of_objects(d, "items", "data", required, required ? 1 : 0)) return false;
  const auto* items = d.if_contains("items");
  if (!items || items->is_null()) return true;
  const auto& list = items->as_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto p = index_path("data.items", i);
    const auto& line = list[i].as_object();
    if (!(c.identifier(line, "line_id", p) && c.optional_string(line, "sku", p) &&
          c.positive_integer(line, "quantity", p) && c.decimal(line, "amount", p, false)))
      return false;
  }
  return true;
}

bool order_cancelled(JsonChecks& c, const json::object& d) {
  const std::string p = "data";
  if (!(c.identifier(d, "order_id", p) && c.identifier(d, "cancellation_id", p) &&
        c.one_of(d, "scope", p, {"full", "partial"}) && c.optional_string(d, "reason", p) &&
        c.timestamp(d, "cancelled_at", p, false) && c.optional_object(d, "refund", p)))
    return false;
  return changed_lines(c, d, d.at("scope").as_string() == "partial");
}

bool order_returned(JsonChecks& c, const json::object& d) {
  const std::string p = "data";
  return c.identifier(d, "order_id", p) && c.identifier(d, "return_id", p) &&
         c.required_string(d, "status", p) && c.timestamp(d, "updated_at", p, false) &&
         c.optional_object(d, "refund", p) && changed_lines(c, d, true);
}

}  // namespace

bool validate_data(EventType type, const json::object& data, ValidationError& error) {
  JsonChecks checks(error);
  switch (type) {
    case EventType::customer_created:
      return customer_created(checks, data);
    case EventType::order_created:
      return order_created(checks, data);
    case EventType::order_cancelled:
      return order_cancelled(checks, data);
    case EventType::order_returned:
      return order_returned(checks, data);
  }
  return checks.fail("event_type", "is not supported");
}

}  // namespace erpbridge::events
