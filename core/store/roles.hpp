// The store, by role. Each part of the host holds only the roles it uses: the acceptor an
// EventIntake, the delivery engine WorkClaims and an OutcomeWriter, the API EventStatus and
// DeadLetters. A store implementation (SQLite today, core/store/sqlite/; PostgreSQL later)
// implements every role and passes the same contract suite
// (tests/unit/store/store_contract_test.cpp). open_store (store/store.hpp) builds one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/group_outcome.hpp"
#include "store/id_map.hpp"
#include "store/outbox_rows.hpp"

namespace erpbridge::store {

// Accepting events: durable when a call returns (to the configured sync level).
class EventIntake {
 public:
  virtual ~EventIntake() = default;
  // Stores a batch in ONE transaction (group commit) and returns one result per input, in
  // order. A second event with the same (tenant, event_id), in the store or earlier in the
  // batch, is a duplicate. A new event with `claim` set whose lane has no open row is stored
  // claimed (AcceptResult::claimed).
  virtual std::vector<AcceptResult> accept(const std::vector<NewEvent>& batch) = 0;
  // accept(batch), and the tenant's pull cursor set to `cursor`, in ONE transaction: a crash
  // before the commit pulls the same changes again, a crash after it loses nothing
  // (docs/sync-back.md).
  virtual std::vector<AcceptResult> accept_with_cursor(const std::vector<NewEvent>& batch,
                                                       const std::string& tenant,
                                                       const std::string& cursor) = 0;
};

// Taking work: lane heads are claimed (marked `delivering`) atomically, so two claimers
// sharing a store never get the same row.
class WorkClaims {
 public:
  virtual ~WorkClaims() = default;
  // Lane heads ready at `now_ms`: the lowest-seq row of each (tenant, entity_key) lane among
  // those not delivered and not dead, if it is queued or in_doubt and due, and no row of its
  // lane is delivering. At most quota.limit heads of each listed tenant, and at most
  // `max_total` in all (tenants earlier in `quotas` first), earliest due first (then by seq),
  // in one transaction. `in_doubt` rows come back with state in_doubt (the state before the
  // claim) so the caller knows to look the document up first.
  virtual ClaimResult claim_ready(std::int64_t now_ms, const std::vector<TenantQuota>& quotas,
                                  std::size_t max_total) = 0;
  // The rows queued right behind `head`, a lane head this caller claimed (still delivering),
  // that may join it in one call: same tenant and entity_key, consecutive in lane order, of
  // head's event_type, stopping at the first row that is not; at most `limit`. They are not
  // claimed (no state change): nothing else in the lane can be claimed while its head is
  // delivering, so they stay put until the group is finished.
  virtual std::vector<OutboxEvent> lane_followers(const OutboxEvent& head, std::size_t limit) = 0;
  // At start-up: rows left `delivering` by a crash become `in_doubt` (their outcome is
  // unknown). Returns how many.
  virtual std::size_t recover_interrupted() = 0;
};

// Finishing claimed groups.
class OutcomeWriter {
 public:
  virtual ~OutcomeWriter() = default;
  // Applies each outcome to its group, all in ONE transaction (outcomes finishing at the same
  // time share it, as accepts do). Returns, per outcome in order, whether it made other work
  // ready: a delivered or dead group let its lane's next row become the head, or a delivered
  // group created a customer or order id and so made the tenant's waiting rows due (they may
  // have waited for it). waiting and released put each row back in the state it was claimed
  // in (queued or in_doubt).
  virtual std::vector<bool> finish(const std::vector<GroupOutcome>& outcomes) = 0;
};

// The dead-letter store.
class DeadLetters {
 public:
  virtual ~DeadLetters() = default;
  // Newest first; all tenants when `tenant` is empty.
  virtual std::vector<OutboxEvent> list(const std::string& tenant, std::size_t limit) const = 0;
  // dead -> queued with attempts 0, due now, accepted_at reset to now. False if not dead.
  virtual bool replay(const std::string& tenant, const std::string& event_id,
                      std::int64_t now_ms) = 0;
  // dead -> delivered with `erp_id` and `result_json`, and `created_ids` written to the id map
  // and the order ledger, in ONE transaction, as a delivered outcome would: a person checked
  // the ERP and found the document an "in doubt, unresolved" dead letter may have created
  // ("resolve with ERP id X"). False if not dead.
  virtual bool resolve(const std::string& tenant, const std::string& event_id,
                       const std::string& erp_id, const std::vector<IdMapEntry>& created_ids,
                       const std::string& result_json) = 0;
};

// Reading rows: the API's status, the metrics' queue depth. Never waits behind a commit.
class EventStatus {
 public:
  virtual ~EventStatus() = default;
  virtual std::optional<OutboxEvent> find(const std::string& tenant,
                                          const std::string& event_id) const = 0;
  // Queue depth by tenant and state: queued, delivering, in_doubt and dead. Delivered rows
  // are history, not queue, and are not counted (that would read the whole table).
  virtual std::vector<StateCount> count_by_state() const = 0;
};

// The position each tenant's pull reached (docs/sync-back.md), written by
// EventIntake::accept_with_cursor.
class PullCursors {
 public:
  virtual ~PullCursors() = default;
  // The cursor last stored for `tenant`, or nullopt (never pulled: the adapter starts from
  // its beginning).
  virtual std::optional<std::string> pull_cursor(const std::string& tenant) const = 0;
};

}  // namespace erpbridge::store
