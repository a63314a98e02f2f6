// What the outbox holds (DESIGN.md principle 3): one row per accepted event, moving
// queued -> delivering -> delivered, or back to queued / in_doubt for a retry, or to dead (a
// dead letter). The roles that read and write rows are in store/roles.hpp; docs/delivery.md
// describes the state machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/order_ledger.hpp"

namespace erpbridge::store {

enum class EventState { queued, delivering, in_doubt, delivered, dead };
const char* to_string(EventState s);
std::optional<EventState> parse_event_state(const std::string& s);

// What the last attempt of a row came to: the result class of a call that was made, or
// `waiting` while the row waits without a call (for its parent's ERP id, or for its tenant to
// be configured). `none` before the first attempt.
enum class LastClass { none, ok, invalid, retryable, permanent, in_doubt, waiting };
const char* to_string(LastClass c);                // "" for none
LastClass parse_last_class(const std::string& s);  // unknown text reads as none

// What the caller hands in to be stored.
struct NewEvent {
  std::string tenant;
  std::string event_id;     // idempotency key within the tenant
  std::string event_type;   // "order.created", ...
  std::string entity_key;   // ordering lane: "customer:<id>" / "order:<id>"
  std::string document_id;  // customer_id / order_id / cancellation_id / return_id
  std::string payload;      // the validated envelope, JSON
  // Claim it at once when its lane is free: the caller delivers it itself, right away (the
  // synchronous facade), instead of waiting for the engine to claim it.
  bool claim = false;
  // Its part of the order ledger (an order.created's order, a cancel's or return's move),
  // admitted in the accept transaction: a move that would take a line below zero is refused
  // and the event not stored (AcceptResult::refused).
  LedgerEntry ledger = {};
};

struct OutboxEvent {
  std::int64_t seq = 0;  // global acceptance order; lanes are ordered by it
  std::string tenant, event_id, event_type, entity_key, document_id, payload;
  EventState state = EventState::queued;
  int attempts = 0;                 // delivery attempts made so far
  std::int64_t accepted_at_ms = 0;  // unix ms; max_age counts from here (reset by replay)
  std::int64_t next_attempt_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  LastClass last_class = LastClass::none;
  std::string last_error;  // its message (or why it waits), no secrets
  std::optional<std::string> erp_id;
  std::string result_json;  // the final result (pipeline::result_to_json) once delivered/dead
};

struct AcceptResult {
  bool duplicate = false;  // (tenant, event_id) was already stored; `event` is the stored one
  // NewEvent::claim was set and the lane was free: the row is stored `delivering`, claimed by
  // the caller, who must finish it as it would a claimed row. `event.state` is `queued` (the
  // state before the claim, as WorkClaims::claim_ready reports it).
  bool claimed = false;
  OutboxEvent event;
  // The ledger refused the event (LedgerAdmission::Verdict::refused, with the reason and the
  // field): nothing was stored and `event` is empty.
  std::optional<LedgerAdmission> refused = std::nullopt;
};

struct StateCount {
  std::string tenant;
  EventState state;
  std::int64_t count;
};

// How many lane heads of one tenant a claim may take (its free concurrency).
struct TenantQuota {
  std::string tenant;
  std::size_t limit = 0;
};

struct ClaimResult {
  std::vector<OutboxEvent> events;  // now `delivering`; `state` is the state before the claim
  // The earliest next_attempt_at after `now` among the asked tenants' lane heads, so the
  // caller can sleep exactly until then instead of polling.
  std::optional<std::int64_t> next_due_ms;
};

}  // namespace erpbridge::store
