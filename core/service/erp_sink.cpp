#include "service/erp_sink.hpp"

namespace erpbridge::service {

namespace {

// The head's event: the caller's (the facade validated it a moment ago), or parsed from the
// stored payload into `storage`. Null when the payload no longer parses (`error` says why):
// it was validated before it was stored, so only a damaged row gets there.
const events::Event* event_of(const SinkBatch& batch, std::optional<events::Event>& storage,
                              events::ValidationError& error) {
  if (batch.parsed) return batch.parsed;
  storage = events::parse_event(batch.rows.front().payload, error);
  return storage ? &*storage : nullptr;
}

}  // namespace

bool ErpSink::handles(std::string_view event_type) const {
  return events::parse_event_type(event_type).has_value();
}

std::optional<SinkReply> ErpSink::look_up(const SinkBatch& batch) {
  if (!batch.tenant.connector->plugin().supports_lookup()) return std::nullopt;
  std::optional<events::Event> storage;
  events::ValidationError error;
  const events::Event* event = event_of(batch, storage, error);
  if (!event) return std::nullopt;  // put() gives the damaged row up
  SinkReply reply;
  reply.reached = false;
  reply.result = dispatcher_.lookup(*event, batch.rows.front().tenant, *batch.tenant.connector,
                                    batch.idempotency_key);
  if (reply.result.ok() && reply.result.found.value_or(false)) {
    reply.created_ids = pipeline::ids_created_by(*event, reply.result);
    reply.detail = "found by lookup, not resent";
  }
  return reply;
}

SinkReply ErpSink::put(const SinkBatch& batch) {
  std::optional<events::Event> storage;
  events::ValidationError error;
  const events::Event* event = event_of(batch, storage, error);
  if (!event)
    return SinkReply::give_up_with(
        DeliveryResult::failure(ResultClass::invalid, error.path + ": " + error.message),
        "the stored event no longer parses", /*reached=*/false);
  auto outcome = dispatcher_.dispatch(*event, batch.rows.front().tenant, *batch.tenant.connector,
                                      batch.attempt, batch.idempotency_key);
  SinkReply reply;
  if (outcome.waiting_for) {
    reply.kind = SinkReply::Kind::waiting;
    reply.reached = false;
    reply.why = *outcome.waiting_for + " has no ERP id yet";
    return reply;
  }
  reply.result = std::move(outcome.result);
  reply.reached = outcome.sent;
  reply.detail = outcome.sent ? "sent" : "answered by the order ledger, not sent";
  if (reply.result.ok()) reply.created_ids = pipeline::ids_created_by(*event, reply.result);
  return reply;
}

}  // namespace erpbridge::service
