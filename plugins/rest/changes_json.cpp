#include "changes_json.hpp"

#include <boost/json.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace erpbridge::rest {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

using Problem = std::optional<ChangesProblem>;

constexpr std::array<std::string_view, 7> kOrderStatuses = {
    "In Process",       "Shipped",         "Delivered",      "Cancelled",
    "Return Requested", "Return Approved", "Return Rejected"};

Problem problem(std::string pointer, std::string message) {
  return ChangesProblem{std::move(pointer), std::move(message)};
}

std::string child(const std::string& pointer, std::string_view key) {
  return pointer + "/" + std::string(key);
}

// The value as an integer, when it is one (1 and 1.0 alike); nullopt otherwise.
std::optional<std::int64_t> whole_number(const value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v.get_uint64());
  if (v.is_double()) {
    double d = v.get_double();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15)
      return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

// The list at `key`, also when Lua wrote an empty table as {}; nullptr when it is not a list.
array* list_at(object& parent, std::string_view key) {
  value& v = parent.at(key);
  if (v.is_object() && v.get_object().empty()) v = array();
  return v.is_array() ? &v.get_array() : nullptr;
}

Problem allow_only(const object& entry, const std::string& pointer,
                   std::initializer_list<std::string_view> keys) {
  for (const auto& member : entry) {
    bool known = false;
    for (auto key : keys) known = known || member.key() == key;
    if (!known)
      return problem(child(pointer, member.key()),
                     "is not a field of this change (the mapping should leave it out)");
  }
  return std::nullopt;
}

Problem require_text(const object& entry, std::string_view key, const std::string& pointer) {
  const value* v = entry.if_contains(key);
  if (!v || !v->is_string() || v->get_string().empty())
    return problem(child(pointer, key), "must be non-empty text");
  return std::nullopt;
}

// Replaces the number at `key` by its integer form when it is a whole number >= min.
Problem require_integer(object& entry, std::string_view key, const std::string& pointer,
                        std::int64_t min, const char* rule) {
  const value* v = entry.if_contains(key);
  auto number = v ? whole_number(*v) : std::nullopt;
  if (!number || *number < min) return problem(child(pointer, key), rule);
  entry[key] = *number;
  return std::nullopt;
}

Problem check_stock(object& entry, const std::string& pointer) {
  if (auto p = allow_only(entry, pointer, {"sku", "quantity", "delta"})) return p;
  if (auto p = require_text(entry, "sku", pointer)) return p;
  bool absolute = entry.contains("quantity"), delta = entry.contains("delta");
  if (absolute == delta)
    return problem(pointer, "needs exactly one of quantity (the stock level) or delta (a change)");
  if (absolute)
    return require_integer(entry, "quantity", pointer, 0, "must be a whole number >= 0");
  auto number = whole_number(entry.at("delta"));
  if (!number || *number == 0)
    return problem(child(pointer, "delta"), "must be a whole number other than 0");
  entry["delta"] = *number;
  return std::nullopt;
}

Problem check_order_id(object& entry, const std::string& pointer) {
  bool erp = entry.contains("erp_order_id"), ours = entry.contains("order_id");
  if (erp == ours)
    return problem(pointer,
                   "needs exactly one of erp_order_id (the ERP's) or order_id (Commerceup's)");
  std::string_view key = erp ? "erp_order_id" : "order_id";
  value& id = entry.at(key);
  if (auto number = whole_number(id); number && !id.is_string()) id = std::to_string(*number);
  return require_text(entry, key, pointer);
}

Problem check_items(object& entry, const std::string& pointer) {
  if (const value* items = entry.if_contains("items"); items && items->is_null())
    entry.erase("items");
  if (!entry.contains("items")) return std::nullopt;
  std::string items_pointer = child(pointer, "items");
  array* items = list_at(entry, "items");
  if (!items) return problem(items_pointer, "must be a list");
  for (std::size_t i = 0; i < items->size(); ++i) {
    std::string item_pointer = items_pointer + "/" + std::to_string(i);
    if (!(*items)[i].is_object()) return problem(item_pointer, "must be a mapping {sku, quantity}");
    object& item = (*items)[i].get_object();
    if (auto p = allow_only(item, item_pointer, {"sku", "quantity"})) return p;
    if (auto p = require_text(item, "sku", item_pointer)) return p;
    if (auto p = require_integer(item, "quantity", item_pointer, 1, "must be a whole number >= 1"))
      return p;
  }
  return std::nullopt;
}

Problem check_order_status(object& entry, const std::string& pointer) {
  if (auto p = allow_only(entry, pointer, {"erp_order_id", "order_id", "status", "items"}))
    return p;
  if (auto p = check_order_id(entry, pointer)) return p;
  const value* status = entry.if_contains("status");
  bool known = false;
  for (auto name : kOrderStatuses)
    known = known || (status && status->is_string() && status->get_string() == name);
  if (!known)
    return problem(child(pointer, "status"),
                   "must be one of In Process, Shipped, Delivered, Cancelled, Return Requested, "
                   "Return Approved, Return Rejected");
  return check_items(entry, pointer);
}

Problem check_list(object& changes, std::string_view kind,
                   Problem (*check)(object&, const std::string&)) {
  if (!changes.contains(kind)) return std::nullopt;
  std::string pointer = "/" + std::string(kind);
  array* entries = list_at(changes, kind);
  if (!entries) return problem(pointer, "must be a list");
  for (std::size_t i = 0; i < entries->size(); ++i) {
    std::string entry_pointer = pointer + "/" + std::to_string(i);
    if (!(*entries)[i].is_object()) return problem(entry_pointer, "must be a mapping");
    if (auto p = check((*entries)[i].get_object(), entry_pointer)) return p;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ChangesProblem> normalize_changes(object& changes, AllowedChanges allowed) {
  for (const auto& member : changes) {
    bool known = (member.key() == "inventory" && allowed.inventory) ||
                 (member.key() == "order_status" && allowed.order_status);
    if (!known)
      return problem("/" + std::string(member.key()),
                     allowed.inventory && allowed.order_status
                         ? "is not a kind of change (known: inventory, order_status)"
                         : "is not a kind of change this push takes");
  }
  if (auto p = check_list(changes, "inventory", check_stock)) return p;
  return check_list(changes, "order_status", check_order_status);
}

}  // namespace erpbridge::rest
