#include "stock_pull.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

#include "changed_records.hpp"
#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

// Moves into or out of the warehouse or any location inside it (storage, input, output).
json::array in_warehouse(std::int64_t warehouse) {
  return json::array{"OR",
                     json::array{"from_location", "child_of", json::array{warehouse}, "parent"},
                     json::array{"to_location", "child_of", json::array{warehouse}, "parent"}};
}

}  // namespace

std::int64_t whole_units(double quantity) {
  if (!std::isfinite(quantity) || quantity <= 0) return 0;
  constexpr double kMax = 9.0e15;  // well inside int64 and exact in a double
  return static_cast<std::int64_t>(std::floor(std::min(quantity, kMax) + 1e-6));
}

Expected<StockPage> pull_stock(JsonRpcClient& rpc, const PullSettings& settings,
                               std::int64_t warehouse, const Mark& after, int limit) {
  auto moves = changed_after(rpc, "stock.move", in_warehouse(warehouse), after, limit, {"product"});
  if (!moves) return moves.failure();

  StockPage page;
  page.next = moves->records.empty() ? after : moves->records.back().mark;
  page.more = moves->more;
  std::vector<std::int64_t> products;  // in the order their moves changed
  for (const auto& move : moves->records) {
    const auto* product = move.row.if_contains("product");
    const auto id = product ? decode_id(*product) : std::nullopt;
    if (id && std::find(products.begin(), products.end(), *id) == products.end())
      products.push_back(*id);
  }
  if (products.empty()) return page;

  json::array ids;
  for (auto id : products) ids.emplace_back(id);
  // The quantity fields are computed for the locations in the context; with one location,
  // Tryton counts the locations inside it too.
  json::object context = rpc.context();
  context["locations"] = json::array{warehouse};
  const char* field = settings.quantity_field();
  auto rows =
      rpc.call("model.product.product.read", json::array{ids, json::array{"code", "type", field}},
               Effect::read, &context);
  if (!rows) return rows.failure();
  if (!rows->is_array()) return permanent("unexpected reply from Tryton reading product stock");

  std::map<std::int64_t, json::object> by_id;
  for (const auto& row : rows->as_array()) {
    if (!row.is_object()) continue;
    const auto& r = row.as_object();
    if (auto id = r.contains("id") ? decode_id(r.at("id")) : std::nullopt) by_id[*id] = r;
  }
  for (auto id : products) {
    const auto it = by_id.find(id);
    if (it == by_id.end()) continue;  // deleted since its move changed
    const auto& r = it->second;
    const auto* code = r.if_contains("code");
    const auto* type = r.if_contains("type");
    const auto* quantity = r.if_contains(field);
    // A product without a code has no SKU in the store; services and consumables hold no stock.
    if (!code || !code->is_string() || code->as_string().empty()) continue;
    if (!type || !type->is_string() || type->as_string() != "goods") continue;
    const double q = quantity && quantity->is_number() ? quantity->to_number<double>() : 0.0;
    page.inventory.emplace_back(
        json::object{{"sku", code->as_string()}, {"quantity", whole_units(q)}});
  }
  return page;
}

}  // namespace erpbridge::tryton
