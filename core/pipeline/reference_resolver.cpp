#include "pipeline/reference_resolver.hpp"

#include "pipeline/order_context.hpp"

namespace erpbridge::pipeline {

namespace json = boost::json;
using events::EventType;
using store::EntityKind;

namespace {

std::string text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// ERP ids of the order lines an event names; lines the ERP gave no id for are left out.
json::object line_erp_ids(const events::Event& event, const std::string& tenant,
                          const std::string& order_id, const store::IdMap& ids) {
  json::object lines;
  const auto* items = event.data.if_contains("items");
  if (!items || !items->is_array()) return lines;
  for (const auto& item : items->as_array()) {
    auto line_id = text(item.as_object(), "line_id");
    if (auto erp =
            ids.get(tenant, EntityKind::order_line, store::order_line_key(order_id, line_id)))
      lines[line_id] = *erp;
  }
  return lines;
}

}  // namespace

ResolvedRefs resolve_references(const events::Event& event, const std::string& tenant,
                                const store::IdMap& ids, const store::LedgerOrder* order) {
  ResolvedRefs out;
  switch (event.type) {
    case EventType::customer_created:
      break;
    case EventType::order_created: {
      auto customer_id = text(event.data.at("customer").as_object(), "customer_id");
      if (auto erp = ids.get(tenant, EntityKind::customer, customer_id))
        out.refs["customer_erp_id"] = *erp;
      else
        out.waiting_for = "customer " + customer_id;
      if (order) add_order_context(out.refs, *order, nullptr);
      break;
    }
    case EventType::order_cancelled:
    case EventType::order_returned: {
      auto order_id = text(event.data, "order_id");
      if (auto erp = ids.get(tenant, EntityKind::order, order_id)) {
        out.refs["order_erp_id"] = *erp;
        out.refs["line_erp_ids"] = line_erp_ids(event, tenant, order_id, ids);
        if (order) {
          // The customer's ERP id, for an order delivered before the ledger recorded it.
          if (!order->customer_erp_id)
            if (auto customer = ids.get(tenant, EntityKind::customer, order->customer_id))
              out.refs["customer_erp_id"] = *customer;
          const auto kind = event.type == EventType::order_cancelled
                                ? store::MoveKind::cancellation
                                : store::MoveKind::order_return;
          add_order_context(out.refs, *order, order->move(kind, event.document_id()));
        }
      } else {
        out.waiting_for = "order " + order_id;
      }
      break;
    }
  }
  return out;
}

}  // namespace erpbridge::pipeline
