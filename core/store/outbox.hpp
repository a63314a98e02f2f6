// The durable outbox (DESIGN.md principle 3): an event is acknowledged only once it is
// committed here. Rows move queued -> delivering -> delivered, or back to queued / in_doubt
// for a retry, or to dead (the dead-letter store). One interface, so a PostgreSQL
// implementation can sit beside the SQLite one and run the same test suite
// (tests/unit/store/outbox_contract_test.cpp). docs/delivery.md describes the state machine.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/id_map.hpp"

namespace erpbridge::store {

enum class EventState { queued, delivering, in_doubt, delivered, dead };
const char* to_string(EventState s);
std::optional<EventState> parse_event_state(const std::string& s);

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
};

struct OutboxEvent {
  std::int64_t seq = 0;  // global acceptance order; lanes are ordered by it
  std::string tenant, event_id, event_type, entity_key, document_id, payload;
  EventState state = EventState::queued;
  int attempts = 0;                 // delivery attempts made so far
  std::int64_t accepted_at_ms = 0;  // unix ms; max_age counts from here (reset by replay)
  std::int64_t next_attempt_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::string last_class;  // result class of the last attempt ("" before the first;
                           // "waiting" while it waits for its parent, see release)
  std::string last_error;  // its message, no secrets
  std::optional<std::string> erp_id;
  std::string result_json;  // the final result (pipeline::result_to_json) once delivered/dead
};

struct AcceptResult {
  bool duplicate = false;  // (tenant, event_id) was already stored; `event` is the stored one
  // NewEvent::claim was set and the lane was free: the row is stored `delivering`, claimed by
  // the caller, who must finish it as it would a claim_ready row. `event.state` is `queued`
  // (the state before the claim, as claim_ready reports it).
  bool claimed = false;
  OutboxEvent event;
};

// One row's final success, for mark_delivered_all.
struct DeliveredMark {
  std::int64_t seq = 0;
  int attempts = 0;
  std::optional<std::string> erp_id;
  std::string result_json;
  std::vector<IdMapEntry> created_ids;
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

class Outbox {
 public:
  virtual ~Outbox() = default;

  // Stores a batch in ONE transaction (group commit) and returns one result per input, in
  // order. Durable when it returns (to the configured sync level). A second event with the
  // same (tenant, event_id), in the store or earlier in the batch, is a duplicate. A new event
  // with `claim` set whose lane has no open row is stored claimed (AcceptResult::claimed).
  virtual std::vector<AcceptResult> accept(const std::vector<NewEvent>& batch) = 0;

  // Lane heads ready to run at `now_ms`: the lowest-seq event of each (tenant, entity_key)
  // lane among those not delivered and not dead, if it is queued or in_doubt and due, and no
  // event of its lane is delivering. At most `limit`, earliest due first (then by seq).
  // Atomically marks the returned rows `delivering` (so several hosts sharing a store never
  // claim one twice). `in_doubt` rows come back with state in_doubt (before the change) so
  // the caller knows to look the document up first.
  virtual std::vector<OutboxEvent> claim_ready(std::int64_t now_ms, std::size_t limit) = 0;
  // The same, per tenant: at most quota.limit heads of each listed tenant, and at most
  // `max_total` in all (tenants earlier in `quotas` first), in one transaction. Lets the
  // engine honour per-tenant concurrency without one busy tenant's backlog hiding another
  // tenant's work.
  virtual ClaimResult claim_ready(std::int64_t now_ms, const std::vector<TenantQuota>& quotas,
                                  std::size_t max_total) = 0;

  // Final success: state delivered, attempts (the count including the one that delivered;
  // unchanged when a lookup found the document), erp_id, result, and the ids the delivery
  // created written to the row's tenant's id map, all in one transaction: the outcome and
  // the ids it produced are stored together or not at all. When a customer or order id is
  // among them, the tenant's waiting rows are made due too (as wake_waiting), since they may
  // have waited for it. Returns true when that, or the lane's next row becoming its head,
  // made work ready (someone should claim again).
  virtual bool mark_delivered(std::int64_t seq, int attempts,
                              const std::optional<std::string>& erp_id,
                              const std::string& result_json,
                              const std::vector<IdMapEntry>& created_ids) = 0;
  // Another attempt later: state queued or in_doubt, attempts, when, and why.
  virtual void reschedule(std::int64_t seq, EventState state, int attempts,
                          std::int64_t next_attempt_at_ms, const std::string& last_class,
                          const std::string& last_error) = 0;
  // mark_delivered for each of `marks`, all in ONE transaction (group commit of outcomes);
  // one "work became ready" per mark, in order.
  virtual std::vector<bool> mark_delivered_all(const std::vector<DeliveredMark>& marks) = 0;
  // Gives up: state dead, with the last class, message and result. Returns true when the next
  // row of the lane became its head.
  virtual bool mark_dead(std::int64_t seq, int attempts, const std::string& last_class,
                         const std::string& last_error, const std::string& result_json) = 0;
  // Pushes a claimed row back to the state it was claimed in (queued or in_doubt) without
  // counting an attempt (e.g. waiting for its parent, or its tenant is at its concurrency
  // limit). A non-empty `note` says why it waits: last_class becomes "waiting" and
  // last_error the note; an empty one leaves both as they were.
  virtual void release(std::int64_t seq, std::int64_t next_attempt_at_ms,
                       const std::string& note) = 0;
  // Makes the tenant's waiting rows (released with a note) due at `now_ms`: called when a
  // create was delivered, since a waiting order or cancel may now find its parent's ERP id.
  // Returns how many.
  virtual std::size_t wake_waiting(const std::string& tenant, std::int64_t now_ms) = 0;

  virtual std::optional<OutboxEvent> find(const std::string& tenant,
                                          const std::string& event_id) const = 0;
  // Dead letters, newest first; all tenants when `tenant` is empty.
  virtual std::vector<OutboxEvent> dead_letters(const std::string& tenant,
                                                std::size_t limit) const = 0;
  // dead -> queued with attempts 0, due now, accepted_at reset to now. False if not dead.
  virtual bool replay(const std::string& tenant, const std::string& event_id,
                      std::int64_t now_ms) = 0;
  // At start-up: rows left `delivering` by a crash become `in_doubt` (their outcome is
  // unknown). Returns how many.
  virtual std::size_t recover_interrupted() = 0;
  // Queue depth by tenant and state: queued, delivering, in_doubt and dead. Delivered rows
  // are history, not queue, and are not counted (that would read the whole table).
  virtual std::vector<StateCount> count_by_state() const = 0;

  // ---- Sync back to Commerceup (docs/sync-back.md) ----

  // The pull cursor last stored for `tenant` with accept_with_cursor, or nullopt (never
  // pulled: the adapter starts from its beginning).
  virtual std::optional<std::string> pull_cursor(const std::string& tenant) const = 0;
  // accept(batch), and the tenant's pull cursor set to `cursor`, in ONE transaction: a crash
  // before the commit pulls the same changes again, a crash after it loses nothing.
  virtual std::vector<AcceptResult> accept_with_cursor(const std::vector<NewEvent>& batch,
                                                       const std::string& tenant,
                                                       const std::string& cursor) = 0;
  // The rows queued right behind `head`, a lane head this caller claimed (still delivering),
  // that may join it in one call: same tenant and entity_key, consecutive in lane order, of
  // head's event_type, stopping at the first row that is not; at most `limit`. They are not
  // claimed (no state change): nothing else in the lane can be claimed while its head is
  // delivering, so they stay put until the group is finished with the functions below.
  virtual std::vector<OutboxEvent> lane_followers(const OutboxEvent& head, std::size_t limit) = 0;
  // Finish a claimed head and its followers together, in one transaction, as the single-row
  // functions above would finish each of them (erp_id stays empty).
  virtual void mark_group_delivered(const std::vector<std::int64_t>& seqs, int attempts,
                                    const std::string& result_json) = 0;
  virtual void reschedule_group(const std::vector<std::int64_t>& seqs, EventState state,
                                int attempts, std::int64_t next_attempt_at_ms,
                                const std::string& last_class, const std::string& last_error) = 0;
  virtual void mark_group_dead(const std::vector<std::int64_t>& seqs, int attempts,
                               const std::string& last_class, const std::string& last_error,
                               const std::string& result_json) = 0;
};

enum class SyncLevel { off, normal, full };  // SQLite PRAGMA synchronous
const char* to_string(SyncLevel s);
std::optional<SyncLevel> parse_sync_level(const std::string& s);  // "off" | "normal" | "full"

// Opens (and creates) the SQLite outbox in `file`, WAL mode. Throws on failure.
std::unique_ptr<Outbox> open_sqlite_outbox(const std::filesystem::path& file,
                                           SyncLevel sync = SyncLevel::normal);

// The outbox and the id map of one SQLite file writing through ONE connection, as the
// service uses them: in WAL mode every connection re-reads its pages after another
// connection's commit, so a second writer connection made nearly every transaction start
// cold (docs/benchmarks.md).
class WalCheckpointer;
struct SqliteStore {
  SqliteStore();
  ~SqliteStore();
  SqliteStore(SqliteStore&&) noexcept;
  SqliteStore& operator=(SqliteStore&&) noexcept;

  std::unique_ptr<Outbox> outbox;
  std::unique_ptr<IdMap> ids;
  // Checkpoints the WAL beside the writers, on its own connection (store/wal_checkpointer.hpp).
  std::unique_ptr<WalCheckpointer> checkpointer;
};
SqliteStore open_sqlite_store(const std::filesystem::path& file,
                              SyncLevel sync = SyncLevel::normal);

}  // namespace erpbridge::store
