#include "product_catalog.hpp"

#include <boost/json.hpp>

#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

}  // namespace

Expected<std::map<std::string, Product>> find_products(JsonRpcClient& rpc,
                                                       const std::vector<std::string>& skus) {
  json::array codes;
  for (const auto& sku : skus) codes.emplace_back(json::string(sku));
  json::array domain{json::array{"code", "in", std::move(codes)}};
  auto rows =
      rpc.search_read("product.product", domain, json::array{"code", "default_uom", "salable"});
  if (!rows) return rows.failure();
  if (!rows->is_array()) return permanent("unexpected reply from Tryton searching products");

  std::map<std::string, Product> found;
  for (const auto& row : rows->as_array()) {
    if (!row.is_object()) continue;
    const auto& r = row.as_object();
    const auto* code = r.if_contains("code");
    auto id = r.contains("id") ? decode_id(r.at("id")) : std::nullopt;
    auto unit = r.contains("default_uom") ? decode_id(r.at("default_uom")) : std::nullopt;
    auto salable = r.contains("salable") ? decode_bool(r.at("salable")) : std::nullopt;
    if (!code || !code->is_string() || !id || !unit) continue;
    found[std::string(code->as_string())] = Product{*id, *unit, salable.value_or(false)};
  }
  std::vector<std::string> unknown, unsalable;
  for (const auto& sku : skus) {
    auto it = found.find(sku);
    if (it == found.end())
      unknown.push_back(sku);
    else if (!it->second.salable)
      unsalable.push_back(sku);
  }
  if (!unknown.empty())
    return permanent("unknown SKU " + quoted_list(unknown) +
                     ": no product.product in Tryton has that code");
  if (!unsalable.empty())
    return permanent("SKU " + quoted_list(unsalable) + " is not salable in Tryton");
  return found;
}

}  // namespace erpbridge::tryton
