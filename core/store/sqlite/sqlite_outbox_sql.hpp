// The SQL of the SQLite outbox, kept apart from the C++ that runs it so the schema and its
// indexes can be read in one place. Internal to core/store/sqlite.
//
// Two partial indexes carry the hot queries, so their cost follows the work to do, not the
// table (delivered rows pile up as history):
//  - outbox_lane: the open rows (queued, delivering, in_doubt) of each lane in seq order. It
//    answers "is there an earlier open row / a delivering row in this lane?".
//  - outbox_due: per tenant, by due time, the open rows that may be lane heads. A row stored
//    while its lane already had an open row is `blocked` (it cannot be a head) and stays out
//    of this index until the row before it is delivered or dead. So a backlog behind slow
//    lane heads costs a claim nothing. `blocked` is only a hint: the claim still checks the
//    lane, so a stale 0 is harmless; what must hold is that every open lane head has 0.
// Partial-index WHERE clauses are repeated verbatim in the queries: SQLite uses a partial
// index only when the query's WHERE contains the same terms.
#pragma once

namespace erpbridge::store::sql {

inline constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS outbox (
  seq             INTEGER PRIMARY KEY,
  tenant          TEXT NOT NULL,
  event_id        TEXT NOT NULL,
  event_type      TEXT NOT NULL,
  entity_key      TEXT NOT NULL,
  document_id     TEXT NOT NULL,
  payload         TEXT NOT NULL,
  state           TEXT NOT NULL,
  claimed_from    TEXT,
  blocked         INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  accepted_at     INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  last_class      TEXT NOT NULL DEFAULT '',
  last_error      TEXT NOT NULL DEFAULT '',
  erp_id          TEXT,
  result_json     TEXT NOT NULL DEFAULT '',
  UNIQUE (tenant, event_id)
);
CREATE INDEX IF NOT EXISTS outbox_lane ON outbox(tenant, entity_key, seq, state)
  WHERE state IN ('queued', 'delivering', 'in_doubt');
CREATE INDEX IF NOT EXISTS outbox_due ON outbox(tenant, next_attempt_at, seq)
  WHERE state IN ('queued', 'in_doubt') AND blocked = 0;
CREATE INDEX IF NOT EXISTS outbox_dead ON outbox(tenant, updated_at)
  WHERE state = 'dead';
)sql";

#define ERPBRIDGE_OUTBOX_COLUMNS                                                           \
  "seq, tenant, event_id, event_type, entity_key, document_id, payload, state, attempts, " \
  "accepted_at, next_attempt_at, updated_at, last_class, last_error, erp_id, result_json"

// A lane is busy while it has an open row before this one, or any delivering row (a replayed
// dead letter can sit before a row that is being delivered).
#define ERPBRIDGE_OUTBOX_IS_LANE_HEAD                                                    \
  "NOT EXISTS (SELECT 1 FROM outbox AS p WHERE p.tenant = o.tenant "                     \
  "AND p.entity_key = o.entity_key AND p.state IN ('queued', 'delivering', 'in_doubt') " \
  "AND (p.seq < o.seq OR p.state = 'delivering'))"

#define ERPBRIDGE_OUTBOX_READY                                                       \
  "o.state IN ('queued', 'in_doubt') AND o.blocked = 0 AND o.next_attempt_at <= ?1 " \
  "AND " ERPBRIDGE_OUTBOX_IS_LANE_HEAD

inline constexpr const char* kInsert =
    "INSERT INTO outbox (tenant, event_id, event_type, entity_key, document_id, payload, state, "
    "blocked, accepted_at, next_attempt_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
    "'queued', EXISTS (SELECT 1 FROM outbox WHERE tenant = ?1 AND entity_key = ?4 "
    "AND state IN ('queued', 'delivering', 'in_doubt')), ?7, ?7, ?7) "
    "ON CONFLICT (tenant, event_id) DO NOTHING";

// Stored already claimed by the caller (NewEvent::claim) after kLaneOpen found its lane free.
inline constexpr const char* kInsertClaimed =
    "INSERT INTO outbox (tenant, event_id, event_type, entity_key, document_id, payload, state, "
    "claimed_from, blocked, accepted_at, next_attempt_at, updated_at) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6, 'delivering', 'queued', 0, ?7, ?7, ?7) ON CONFLICT (tenant, event_id) DO NOTHING";

inline constexpr const char* kLaneOpen =
    "SELECT 1 FROM outbox WHERE tenant = ?1 AND entity_key = ?2 "
    "AND state IN ('queued', 'delivering', 'in_doubt') LIMIT 1";

inline constexpr const char* kFind =
    "SELECT " ERPBRIDGE_OUTBOX_COLUMNS " FROM outbox WHERE tenant = ?1 AND event_id = ?2";

inline constexpr const char* kReadyOfTenant =
    "SELECT " ERPBRIDGE_OUTBOX_COLUMNS
    " FROM outbox AS o WHERE o.tenant = ?2 AND " ERPBRIDGE_OUTBOX_READY
    " ORDER BY o.next_attempt_at, o.seq LIMIT ?3";

inline constexpr const char* kNextDue =
    "SELECT min(next_attempt_at) FROM outbox WHERE tenant = ?1 "
    "AND state IN ('queued', 'in_doubt') AND blocked = 0 AND next_attempt_at > ?2";

inline constexpr const char* kMarkDelivering =
    "UPDATE outbox SET claimed_from = state, state = 'delivering', updated_at = ?2 WHERE seq = ?1";

inline constexpr const char* kMarkDelivered =
    "UPDATE outbox SET state = 'delivered', claimed_from = NULL, erp_id = ?2, result_json = ?3, "
    "updated_at = ?4, attempts = ?5 WHERE seq = ?1";

inline constexpr const char* kMarkDead =
    "UPDATE outbox SET state = 'dead', claimed_from = NULL, attempts = ?2, last_class = ?3, "
    "last_error = ?4, result_json = ?5, updated_at = ?6 WHERE seq = ?1";

inline constexpr const char* kReschedule =
    "UPDATE outbox SET state = ?2, claimed_from = NULL, attempts = ?3, next_attempt_at = ?4, "
    "last_class = ?5, last_error = ?6, updated_at = ?7 WHERE seq = ?1";

// Back to the state it was claimed in; a note (?3 not empty) says why it waits, and makes
// last_class to_string(LastClass::waiting).
inline constexpr const char* kRelease =
    "UPDATE outbox SET state = coalesce(claimed_from, 'queued'), claimed_from = NULL, "
    "next_attempt_at = ?2, "
    "last_class = CASE WHEN ?3 = '' THEN last_class ELSE 'waiting' END, "
    "last_error = CASE WHEN ?3 = '' THEN last_error ELSE ?3 END, updated_at = ?4 WHERE seq = ?1";

// After a row left its lane (delivered or dead), the lane's next open row becomes its head.
inline constexpr const char* kUnblockNextInLane =
    "UPDATE outbox SET blocked = 0 WHERE seq = (SELECT min(o.seq) FROM outbox AS o, outbox AS d "
    "WHERE d.seq = ?1 AND o.tenant = d.tenant AND o.entity_key = d.entity_key "
    "AND o.state IN ('queued', 'delivering', 'in_doubt')) AND blocked = 1";

// Makes the waiting rows of the tenant of row ?1 due at ?2: a delivered customer or order may
// be the parent they waited for. 'waiting' is to_string(LastClass::waiting).
inline constexpr const char* kWakeWaitingOfRowsTenant =
    "UPDATE outbox SET next_attempt_at = ?2 WHERE tenant = (SELECT tenant FROM outbox "
    "WHERE seq = ?1) AND state IN ('queued', 'in_doubt') AND blocked = 0 AND next_attempt_at > ?2 "
    "AND last_class = 'waiting'";

inline constexpr const char* kReplay =
    "UPDATE outbox AS o SET state = 'queued', attempts = 0, accepted_at = ?3, "
    "next_attempt_at = ?3, updated_at = ?3, erp_id = NULL, result_json = '', "
    "blocked = EXISTS (SELECT 1 FROM outbox AS p WHERE p.tenant = o.tenant "
    "AND p.entity_key = o.entity_key AND p.state IN ('queued', 'delivering', 'in_doubt') "
    "AND p.seq < o.seq) "
    "WHERE o.tenant = ?1 AND o.event_id = ?2 AND o.state = 'dead'";

inline constexpr const char* kRecoverInterrupted =
    "UPDATE outbox SET state = 'in_doubt', claimed_from = NULL, updated_at = ?1 "
    "WHERE state IN ('queued', 'delivering', 'in_doubt') AND state = 'delivering'";

inline constexpr const char* kCountByState =
    "SELECT tenant, state, count(*) FROM outbox "
    "WHERE state IN ('queued', 'delivering', 'in_doubt') GROUP BY tenant, state "
    "UNION ALL SELECT tenant, state, count(*) FROM outbox WHERE state = 'dead' GROUP BY tenant";

inline constexpr const char* kDeadOfTenant = "SELECT " ERPBRIDGE_OUTBOX_COLUMNS
                                             " FROM outbox WHERE state = 'dead' AND tenant = ?1 "
                                             "ORDER BY updated_at DESC, seq DESC LIMIT ?2";

inline constexpr const char* kDeadOfAll = "SELECT " ERPBRIDGE_OUTBOX_COLUMNS
                                          " FROM outbox WHERE state = 'dead' "
                                          "ORDER BY updated_at DESC, seq DESC LIMIT ?1";

// The open rows behind a lane head, in lane order (the outbox_lane index; its WHERE terms are
// repeated). The caller stops at the first row that cannot join the head.
inline constexpr const char* kLaneFollowers =
    "SELECT " ERPBRIDGE_OUTBOX_COLUMNS
    " FROM outbox WHERE tenant = ?1 AND entity_key = ?2 AND seq > ?3 "
    "AND state IN ('queued', 'delivering', 'in_doubt') ORDER BY seq LIMIT ?4";

// What the ledger needs of a delivered row (sqlite_ledger.hpp).
inline constexpr const char* kRowDocument =
    "SELECT tenant, event_type, document_id FROM outbox WHERE seq = ?1";

#undef ERPBRIDGE_OUTBOX_READY
#undef ERPBRIDGE_OUTBOX_IS_LANE_HEAD
#undef ERPBRIDGE_OUTBOX_COLUMNS

}  // namespace erpbridge::store::sql
