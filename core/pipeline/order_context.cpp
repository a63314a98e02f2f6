#include "pipeline/order_context.hpp"

#include <boost/json/array.hpp>

#include <map>

namespace erpbridge::pipeline {

namespace json = boost::json;

namespace {

json::array text_array(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

json::value optional_text(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::object line_json(const store::LedgerLine& line, std::int64_t moved) {
  json::object o;
  o["line_id"] = line.line_id;
  o["sku"] = line.sku;
  o["name"] = line.name;
  o["erp_id"] = optional_text(line.erp_id);
  o["ordered_quantity"] = line.ordered;
  o["cancelled_quantity"] = line.cancelled;
  o["returned_quantity"] = line.returned;
  o["remaining_quantity"] = line.remaining();
  o["moved_quantity"] = moved;
  o["remaining_after_quantity"] = line.remaining() - moved;
  o["unit_price"] = line.unit_price;
  o["discount"] = line.discount;
  o["tax_rate"] = line.tax_rate;
  o["tax_amount"] = line.tax_amount;
  o["line_total"] = line.line_total;
  o["cancellation_ids"] = text_array(line.cancellation_ids);
  o["return_ids"] = text_array(line.return_ids);
  return o;
}

}  // namespace

void add_order_context(json::object& refs, const store::LedgerOrder& order,
                       const store::LedgerMove* move) {
  std::map<std::string, std::int64_t> moved;
  json::array moves;
  if (move && !move->applied) {
    for (const auto& q : move->lines) {
      moved[q.line_id] += q.quantity;
      const store::LedgerLine* line = order.line(q.line_id);
      json::object m;
      m["line_id"] = q.line_id;
      m["quantity"] = q.quantity;
      m["erp_id"] = line ? optional_text(line->erp_id) : json::value(nullptr);
      moves.emplace_back(std::move(m));
    }
  }
  json::object lines;
  json::array line_ids;
  json::object line_erp_ids;
  bool empties = true;
  for (const auto& line : order.lines) {
    const std::int64_t m = moved[line.line_id];
    lines[line.line_id] = line_json(line, m);
    line_ids.emplace_back(line.line_id);
    if (line.erp_id) line_erp_ids[line.line_id] = *line.erp_id;
    if (line.remaining() - m > 0) empties = false;
  }
  refs["customer_id"] = order.customer_id;
  if (!refs.contains("customer_erp_id") && order.customer_erp_id)
    refs["customer_erp_id"] = *order.customer_erp_id;
  if (!refs.contains("order_erp_id") && order.order_erp_id)
    refs["order_erp_id"] = *order.order_erp_id;
  refs["order_state"] = store::to_string(order.state);
  refs["lines"] = std::move(lines);
  refs["line_ids"] = std::move(line_ids);
  // The ledger's line ids, and any the id map gave for lines the ledger lacks.
  if (auto* known = refs.if_contains("line_erp_ids"); known && known->is_object())
    for (const auto& [k, v] : known->as_object())
      if (!line_erp_ids.contains(k)) line_erp_ids[k] = v;
  refs["line_erp_ids"] = std::move(line_erp_ids);
  refs["moves"] = std::move(moves);
  refs["empties_order"] = move != nullptr && empties;
}

}  // namespace erpbridge::pipeline
