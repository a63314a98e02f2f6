#include "syncback/changes.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace erpbridge::syncback {

namespace {

namespace json = boost::json;

constexpr std::size_t kMaxIdLength = 255;

// Thrown inside this file only, caught by parse_changes: validation reads top-down and stops
// at the first problem.
struct Invalid {
  ChangesError error;
};

[[noreturn]] void fail(std::string field, std::string message) {
  throw Invalid{{std::move(field), std::move(message)}};
}

std::string at(const std::string& base, std::size_t index) {
  return base + "/" + std::to_string(index);
}

const json::object& need_object(const json::value& v, const std::string& field) {
  if (!v.is_object()) fail(field, "must be an object");
  return v.get_object();
}

std::optional<std::int64_t> integer_of(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v.get_uint64());
  return std::nullopt;
}

std::string need_id(const json::object& o, const char* key, const std::string& base) {
  const std::string field = base + "/" + key;
  const json::value* v = o.if_contains(key);
  if (!v) fail(field, "is required");
  if (!v->is_string() || v->get_string().empty()) fail(field, "must be a non-empty string");
  if (v->get_string().size() > kMaxIdLength)
    fail(field, "must be at most " + std::to_string(kMaxIdLength) + " characters");
  // Ids end up in request bodies, URLs and log lines; a CR, LF or NUL has no place there.
  for (unsigned char c : std::string_view(v->get_string()))
    if (c < 0x20 || c == 0x7f) fail(field, "must not contain control characters");
  return std::string(v->get_string());
}

const json::array& need_list(const json::value& v, const std::string& field) {
  if (!v.is_array()) fail(field, "must be an array");
  const json::array& a = v.get_array();
  if (a.size() > kMaxChangesPerDocument)
    fail(field, "must have at most " + std::to_string(kMaxChangesPerDocument) + " entries");
  return a;
}

StockChange stock_change(const json::value& v, const std::string& base) {
  const json::object& o = need_object(v, base);
  StockChange c;
  c.sku = need_id(o, "sku", base);
  const json::value* quantity = o.if_contains("quantity");
  const json::value* delta = o.if_contains("delta");
  if (quantity && delta) fail(base, "must have either quantity or delta, not both");
  if (!quantity && !delta) fail(base + "/quantity", "is required (or delta for a change)");
  if (quantity) {
    c.quantity = integer_of(*quantity);
    if (!c.quantity || *c.quantity < 0) fail(base + "/quantity", "must be an integer >= 0");
  } else {
    c.delta = integer_of(*delta);
    if (!c.delta || *c.delta == 0) fail(base + "/delta", "must be an integer other than 0");
  }
  return c;
}

std::vector<OrderItem> order_items(const json::value& v, const std::string& base) {
  std::vector<OrderItem> items;
  const json::array& a = need_list(v, base);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string field = at(base, i);
    const json::object& o = need_object(a[i], field);
    OrderItem item;
    item.sku = need_id(o, "sku", field);
    const json::value* quantity = o.if_contains("quantity");
    if (!quantity) fail(field + "/quantity", "is required");
    auto n = integer_of(*quantity);
    if (!n || *n < 1) fail(field + "/quantity", "must be an integer >= 1");
    item.quantity = *n;
    items.push_back(std::move(item));
  }
  return items;
}

OrderStatusChange order_status_change(const json::value& v, const std::string& base) {
  const json::object& o = need_object(v, base);
  OrderStatusChange c;
  const bool has_erp = o.contains("erp_order_id"), has_ours = o.contains("order_id");
  if (has_erp && has_ours) fail(base, "must have either erp_order_id or order_id, not both");
  if (!has_erp && !has_ours) fail(base + "/erp_order_id", "is required (or order_id)");
  if (has_erp)
    c.erp_order_id = need_id(o, "erp_order_id", base);
  else
    c.order_id = need_id(o, "order_id", base);
  const json::value* status = o.if_contains("status");
  if (!status) fail(base + "/status", "is required");
  const auto& known = order_statuses();
  if (!status->is_string() ||
      std::find(known.begin(), known.end(), status->get_string()) == known.end()) {
    std::string list;
    for (const auto& s : known) list += (list.empty() ? "" : ", ") + s;
    fail(base + "/status", "must be one of " + list);
  }
  c.status = std::string(status->get_string());
  if (const json::value* items = o.if_contains("items"))
    c.items = order_items(*items, base + "/items");
  return c;
}

void refuse_other_list(const json::object& doc, const char* key, const char* endpoint) {
  if (doc.contains(key))
    fail(std::string("/") + key, std::string("is not accepted here; use POST ") + endpoint);
}

Changes parse(const json::value& document, ChangesSource source) {
  const json::object& doc = need_object(document, "");
  Changes out;
  if (source == ChangesSource::inventory_push) {
    if (!doc.contains("inventory")) fail("/inventory", "is required");
    refuse_other_list(doc, "order_status", "/v1/erp/order-status");
  }
  if (source == ChangesSource::order_status_push) {
    if (!doc.contains("order_status")) fail("/order_status", "is required");
    refuse_other_list(doc, "inventory", "/v1/erp/inventory");
  }
  if (const json::value* v = doc.if_contains("inventory")) {
    const json::array& a = need_list(*v, "/inventory");
    for (std::size_t i = 0; i < a.size(); ++i)
      out.inventory.push_back(stock_change(a[i], at("/inventory", i)));
  }
  if (const json::value* v = doc.if_contains("order_status")) {
    const json::array& a = need_list(*v, "/order_status");
    for (std::size_t i = 0; i < a.size(); ++i)
      out.order_status.push_back(order_status_change(a[i], at("/order_status", i)));
  }
  if (source == ChangesSource::inventory_push && out.inventory.empty())
    fail("/inventory", "must have at least one entry");
  if (source == ChangesSource::order_status_push && out.order_status.empty())
    fail("/order_status", "must have at least one entry");
  if (out.inventory.size() + out.order_status.size() > kMaxChangesPerDocument)
    fail("", "must carry at most " + std::to_string(kMaxChangesPerDocument) + " changes");
  if (source == ChangesSource::pull) {
    const json::value* cursor = doc.if_contains("cursor");
    if (!cursor) fail("/cursor", "is required in a pull answer");
    if (!cursor->is_string()) fail("/cursor", "must be a string");
    out.cursor = std::string(cursor->get_string());
    if (const json::value* more = doc.if_contains("more")) {
      if (!more->is_bool()) fail("/more", "must be true or false");
      out.more = more->get_bool();
    }
  }
  return out;
}

}  // namespace

const std::vector<std::string>& order_statuses() {
  static const std::vector<std::string> statuses = {
      "In Process",       "Shipped",         "Delivered",      "Cancelled",
      "Return Requested", "Return Approved", "Return Rejected"};
  return statuses;
}

std::optional<Changes> parse_changes(const boost::json::value& document, ChangesSource source,
                                     ChangesError& error) {
  try {
    return parse(document, source);
  } catch (const Invalid& invalid) {
    error = invalid.error;
    return std::nullopt;
  }
}

std::optional<Changes> parse_changes_json(std::string_view json_text, ChangesSource source,
                                          ChangesError& error) {
  boost::system::error_code ec;
  json::value document = json::parse(json_text, ec);
  if (ec) {
    error = {"", "the body is not valid JSON: " + ec.message()};
    return std::nullopt;
  }
  return parse_changes(document, source, error);
}

}  // namespace erpbridge::syncback
