#include "sale_status_pull.hpp"

#include <boost/json.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "changed_records.hpp"
#include "sale_status.hpp"
#include "sale_void.hpp"
#include "stock_pull.hpp"
#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

struct Line {
  std::string sku;
  double quantity = 0;
};

// The product lines of `sales`, by sale.
Expected<std::map<std::int64_t, std::vector<Line>>> lines_of(JsonRpcClient& rpc,
                                                             const json::array& sales) {
  auto rows = rpc.search_read(
      "sale.line", json::array{json::array{"sale", "in", sales}, json::array{"type", "=", "line"}},
      json::array{"sale", "product.code", "quantity"},
      json::array{json::array{"sale", "ASC"}, json::array{"sequence", "ASC"},
                  json::array{"id", "ASC"}});
  if (!rows) return rows.failure();
  if (!rows->is_array()) return permanent("unexpected reply from Tryton reading sale lines");
  std::map<std::int64_t, std::vector<Line>> out;
  for (const auto& row : rows->as_array()) {
    if (!row.is_object()) continue;
    const auto& r = row.as_object();
    const auto sale = r.contains("sale") ? decode_id(r.at("sale")) : std::nullopt;
    if (!sale) continue;
    Line line;
    // A dotted field comes back as {"product.": {"code": .., "id": ..}} (null without product).
    if (const auto* p = r.if_contains("product."); p && p->is_object())
      line.sku = text(p->as_object(), "code");
    if (const auto* q = r.if_contains("quantity"); q && q->is_number())
      line.quantity = q->to_number<double>();
    out[*sale].push_back(std::move(line));
  }
  return out;
}

// A return sale (order.returned): reference "<order id>/<return id>" and only negative lines.
bool is_return(const std::string& reference, const std::vector<Line>& lines) {
  if (reference.find('/') == std::string::npos || lines.empty()) return false;
  for (const auto& l : lines)
    if (!(l.quantity < 0)) return false;
  return true;
}

std::string original_reference(const std::string& return_reference) {
  return return_reference.substr(0, return_reference.rfind('/'));
}

// The store's items: product lines by SKU in line order, whole units, without the shipping line.
json::array items_of(const std::vector<Line>& lines, const TrytonSettings& settings) {
  std::vector<std::pair<std::string, std::int64_t>> items;
  for (const auto& l : lines) {
    if (l.sku.empty() || l.sku == settings.shipping_product.value_or("")) continue;
    const auto units = whole_units(std::fabs(l.quantity));
    if (units < 1) continue;
    auto it =
        std::find_if(items.begin(), items.end(), [&](const auto& i) { return i.first == l.sku; });
    if (it == items.end())
      items.emplace_back(l.sku, units);
    else
      it->second += units;
  }
  json::array out;
  for (const auto& [sku, units] : items)
    out.emplace_back(json::object{{"sku", sku}, {"quantity", units}});
  return out;
}

// Sale ids by reference, for the originals of return sales; the oldest sale wins, as in
// find_sale.
Expected<std::map<std::string, std::int64_t>> sales_by_reference(
    JsonRpcClient& rpc, const std::vector<std::string>& references) {
  std::map<std::string, std::int64_t> out;
  if (references.empty()) return out;
  json::array wanted;
  for (const auto& r : references) wanted.emplace_back(json::string(r));
  auto rows = rpc.search_read("sale.sale", json::array{json::array{"reference", "in", wanted}},
                              json::array{"reference"}, json::array{json::array{"id", "ASC"}});
  if (!rows) return rows.failure();
  if (!rows->is_array()) return permanent("unexpected reply from Tryton searching sales");
  for (const auto& row : rows->as_array()) {
    if (!row.is_object()) continue;
    const auto& r = row.as_object();
    auto id = r.contains("id") ? decode_id(r.at("id")) : std::nullopt;
    if (id) out.emplace(text(r, "reference"), *id);  // emplace keeps the first (oldest)
  }
  return out;
}

}  // namespace

Expected<StatusPage> pull_sale_statuses(JsonRpcClient& rpc, const TrytonSettings& settings,
                                        const Mark& after, int limit) {
  const json::array with_reference{json::array{"reference", "!=", nullptr},
                                   json::array{"reference", "!=", ""}};
  auto sales = changed_after(rpc, "sale.sale", with_reference, after, limit,
                             {"reference", "state", "shipment_state", "comment"});
  if (!sales) return sales.failure();

  StatusPage page;
  page.next = sales->records.empty() ? after : sales->records.back().mark;
  page.more = sales->more;
  if (sales->records.empty()) return page;

  json::array ids;
  for (const auto& s : sales->records) ids.emplace_back(s.mark.id);
  auto lines = lines_of(rpc, ids);
  if (!lines) return lines.failure();

  struct Report {
    std::int64_t sale;
    std::string status;
    std::optional<std::string> original;  // for a return: the original order's reference
    json::array items;
  };
  std::vector<Report> reports;
  std::vector<std::string> originals;
  for (const auto& s : sales->records) {
    const auto reference = text(s.row, "reference");
    const auto& sale_lines = (*lines)[s.mark.id];
    SaleSnapshot snapshot{text(s.row, "state"), text(s.row, "shipment_state"),
                          is_return(reference, sale_lines),
                          text(s.row, "comment").find(kVoidedNote) != std::string::npos};
    auto status = commerceup_status(snapshot, settings.pull.statuses);
    if (!status) continue;
    Report report{s.mark.id, *status, std::nullopt, items_of(sale_lines, settings)};
    if (snapshot.is_return) {
      report.original = original_reference(reference);
      originals.push_back(*report.original);
    }
    reports.push_back(std::move(report));
  }
  auto original_ids = sales_by_reference(rpc, originals);
  if (!original_ids) return original_ids.failure();

  for (auto& r : reports) {
    json::object entry;
    if (!r.original) {
      entry["erp_order_id"] = std::to_string(r.sale);
    } else if (auto it = original_ids->find(*r.original); it != original_ids->end()) {
      entry["erp_order_id"] = std::to_string(it->second);
    } else {
      entry["order_id"] = *r.original;  // the reference is Commerceup's order id
    }
    entry["status"] = r.status;
    if (!r.items.empty()) entry["items"] = std::move(r.items);
    page.order_status.emplace_back(std::move(entry));
  }
  return page;
}

}  // namespace erpbridge::tryton
