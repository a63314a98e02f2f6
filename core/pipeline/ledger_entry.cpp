#include "pipeline/ledger_entry.hpp"

namespace erpbridge::pipeline {

namespace json = boost::json;
using events::EventType;

namespace {

std::string text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t quantity(const json::object& line) {
  const auto* v = line.if_contains("quantity");
  return v ? v->to_number<std::int64_t>() : 0;
}

const json::array* items(const json::object& data) {
  const auto* v = data.if_contains("items");
  return v && v->is_array() ? &v->as_array() : nullptr;
}

store::LedgerOrder order_of(const json::object& data) {
  store::LedgerOrder order;
  order.order_id = text(data, "order_id");
  order.customer_id = text(data.at("customer").as_object(), "customer_id");
  if (const auto* list = items(data))
    for (const auto& item : *list) {
      const auto& o = item.as_object();
      store::LedgerLine line;
      line.line_id = text(o, "line_id");
      line.sku = text(o, "sku");
      line.name = text(o, "name");
      line.ordered = quantity(o);
      line.unit_price = text(o, "unit_price");
      line.discount = text(o, "discount");
      line.line_total = text(o, "line_total");
      if (const auto* tax = o.if_contains("tax"); tax && tax->is_object()) {
        line.tax_rate = text(tax->as_object(), "rate");
        line.tax_amount = text(tax->as_object(), "amount");
      }
      order.lines.push_back(std::move(line));
    }
  return order;
}

// A cancel is whole-order when its scope is full or it names no items (as the SAP adapter
// reads it too); a return always names its items.
store::LedgerMove move_of(const events::Event& event, store::MoveKind kind) {
  store::LedgerMove move;
  move.kind = kind;
  move.move_id = event.document_id();
  move.event_id = event.event_id;
  const auto* list = items(event.data);
  move.whole_order = kind == store::MoveKind::cancellation &&
                     (text(event.data, "scope") != "partial" || !list || list->empty());
  if (!move.whole_order && list)
    for (const auto& item : *list)
      move.lines.push_back({text(item.as_object(), "line_id"), quantity(item.as_object())});
  return move;
}

}  // namespace

store::LedgerEntry ledger_entry(const events::Event& event) {
  store::LedgerEntry entry;
  switch (event.type) {
    case EventType::customer_created:
      break;
    case EventType::order_created:
      entry.order = order_of(event.data);
      break;
    case EventType::order_cancelled:
      entry.order_id = text(event.data, "order_id");
      entry.move = move_of(event, store::MoveKind::cancellation);
      break;
    case EventType::order_returned:
      entry.order_id = text(event.data, "order_id");
      entry.move = move_of(event, store::MoveKind::order_return);
      break;
  }
  return entry;
}

}  // namespace erpbridge::pipeline
