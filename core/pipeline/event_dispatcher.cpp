#include "pipeline/event_dispatcher.hpp"

#include <boost/json/serialize.hpp>
#include <vector>

#include "pipeline/ledger_entry.hpp"
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
  std::optional<store::LedgerOrder> order;
  if (auto answer = through_ledger(event, tenant, order)) {
    out.result = std::move(*answer);
    out.sent = false;
    if (out.result.ok()) record(event, tenant, out.result);
    return out;
  }
  auto resolved = resolve_references(event, tenant, ids_, order ? &*order : nullptr);
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
  std::optional<store::LedgerOrder> order;
  if (auto answer = through_ledger(event, tenant, order)) {
    if (answer->ok()) answer->found = true;  // the ledger knows it applied
    return *answer;
  }
  auto resolved = resolve_references(event, tenant, ids_, order ? &*order : nullptr);
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
  // One transaction for the order, its lines and the ledger: one commit instead of one per
  // id, and never an order mapped without its lines.
  ledger_.record_delivered(tenant, events::to_string(event.type), event.document_id(),
                           ids_created_by(event, r));
}

std::optional<DeliveryResult> EventDispatcher::through_ledger(
    const events::Event& event, const std::string& tenant,
    std::optional<store::LedgerOrder>& order) {
  const store::LedgerEntry entry = ledger_entry(event);
  if (entry.empty()) return std::nullopt;
  const std::string& order_id = entry.order ? entry.order->order_id : entry.order_id;
  order = ledger_.order(tenant, order_id);
  if (entry.order) {
    if (!order) {
      ledger_.admit(tenant, event.event_id, entry);
      order = ledger_.order(tenant, order_id);
    }
    return std::nullopt;
  }
  if (!order) return std::nullopt;  // an order from before the ledger: nothing to check
  const store::LedgerMove* move = order->move(entry.move->kind, entry.move->move_id);
  if (!move) {
    const auto admission = ledger_.admit(tenant, event.event_id, entry);
    if (admission.verdict == store::LedgerAdmission::Verdict::refused)
      return DeliveryResult::failure(ResultClass::invalid,
                                     admission.field + ": " + admission.reason);
    order = ledger_.order(tenant, order_id);
    return std::nullopt;
  }
  if (!move->applied) return std::nullopt;
  // Applied already: the ERP has it, so it is not sent again.
  DeliveryResult r;
  r.success = true;
  r.message = std::string(store::to_string(move->kind)) + " " + move->move_id +
              " was applied already (event " + move->event_id + "): nothing sent";
  const auto kind = move->kind == store::MoveKind::cancellation ? EntityKind::cancellation
                                                                : EntityKind::order_return;
  if (auto erp = ids_.get(tenant, kind, move->move_id); erp && *erp != "done") r.erp_id = *erp;
  return r;
}

}  // namespace erpbridge::pipeline
