#include "pipeline/event_dispatcher.hpp"

#include <boost/json/serialize.hpp>
#include <vector>

#include "pipeline/reference_resolver.hpp"

namespace erpbridge::pipeline {

namespace json = boost::json;
using events::EventType;
using store::EntityKind;

// {"event": ..., "refs": ..., "attempt": n, "idempotency_key": "..."}, written piece by
// piece: building it as a json::object would deep-copy the whole event first.
std::string EventDispatcher::adapter_input(const events::Event& event, const json::object& refs,
                                           int attempt, const std::string& idempotency_key) const {
  std::string input = "{\"event\":";
  input += json::serialize(event.envelope);
  input += ",\"refs\":";
  input += json::serialize(refs);
  input += ",\"attempt\":";
  input += std::to_string(attempt);
  input += ",\"idempotency_key\":";
  input += json::serialize(json::string_view(idempotency_key));
  input += '}';
  return input;
}

DispatchOutcome EventDispatcher::dispatch(const events::Event& event, const std::string& tenant,
                                          plugin::ConnectorInstance& connector, int attempt,
                                          const std::string& idempotency_key) {
  DispatchOutcome out;
  auto resolved = resolve_references(event, tenant, ids_);
  if (resolved.waiting_for) {
    out.waiting_for = resolved.waiting_for;
    out.result = DeliveryResult::failure(
        ResultClass::retryable,
        *resolved.waiting_for + " has no ERP id yet; the event waits for it");
    return out;
  }
  out.result = connector.deliver(adapter_input(event, resolved.refs, attempt, idempotency_key));
  if (out.result.ok()) record(event, tenant, out.result);
  return out;
}

DeliveryResult EventDispatcher::lookup(const events::Event& event, const std::string& tenant,
                                       plugin::ConnectorInstance& connector,
                                       const std::string& idempotency_key) {
  auto resolved = resolve_references(event, tenant, ids_);
  auto result = connector.lookup(adapter_input(event, resolved.refs, 0, idempotency_key));
  if (result.ok() && result.found.value_or(false)) record(event, tenant, result);
  return result;
}

std::vector<store::IdMapEntry> ids_created_by(const events::Event& event, const DeliveryResult& r) {
  const std::string document = event.document_id();
  std::vector<store::IdMapEntry> entries;
  switch (event.type) {
    case EventType::customer_created:
      if (r.erp_id) entries.push_back({EntityKind::customer, document, *r.erp_id});
      break;
    case EventType::order_created:
      entries.reserve(1 + r.line_erp_ids.size());
      if (r.erp_id) entries.push_back({EntityKind::order, document, *r.erp_id});
      for (const auto& [line, erp_line] : r.line_erp_ids)
        entries.push_back(
            {EntityKind::order_line, store::order_line_key(document, line), erp_line});
      break;
    case EventType::order_cancelled:
      // A cancel rarely has its own ERP document; remember that it went through.
      entries.push_back({EntityKind::cancellation, document, r.erp_id.value_or("done")});
      break;
    case EventType::order_returned:
      entries.push_back({EntityKind::order_return, document, r.erp_id.value_or("done")});
      break;
  }
  return entries;
}

void EventDispatcher::record(const events::Event& event, const std::string& tenant,
                             const DeliveryResult& r) {
  if (recording_ == IdRecording::by_caller) return;
  // One transaction for the order and its lines: one commit instead of one per id, and never
  // an order mapped without its lines.
  ids_.put_all(tenant, ids_created_by(event, r));
}

}  // namespace erpbridge::pipeline
