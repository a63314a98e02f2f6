// The outbox roles of the embedded SQLite store (same file as the id map). Two connections:
// the writer (accept, claim, outcomes; shared with the id map, see sqlite_store.cpp), and a
// reader for status, dead-letter and metrics queries, so an API
// status poll never queues behind a group commit (WAL lets readers run while a writer
// commits). Statements are prepared once and reused: accept must stay cheap.
#include <algorithm>
#include <functional>
#include <mutex>
#include <stdexcept>

#include "store/roles.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/sqlite_id_map_sql.hpp"
#include "store/sqlite/sqlite_ledger.hpp"
#include "store/sqlite/sqlite_outbox_sql.hpp"
#include "store/sqlite/sqlite_pull_cursor.hpp"
#include "store/sqlite/sqlite_store_parts.hpp"

namespace erpbridge::store {

namespace {

// Resets a reused statement however its use ends, so the next use starts clean and an
// exception never leaves a statement holding a read lock.
class Use {
 public:
  explicit Use(SqliteStatement& s) : s_(s) {}
  ~Use() { s_.reset(); }
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;
  SqliteStatement* operator->() { return &s_; }
  SqliteStatement& operator*() { return s_; }

 private:
  SqliteStatement& s_;
};

// Reads a row selected with ERPBRIDGE_OUTBOX_COLUMNS.
OutboxEvent read_event(const SqliteStatement& s) {
  OutboxEvent e;
  e.seq = s.column_int(0);
  e.tenant = s.column_text(1);
  e.event_id = s.column_text(2);
  e.event_type = s.column_text(3);
  e.entity_key = s.column_text(4);
  e.document_id = s.column_text(5);
  e.payload = s.column_text(6);
  e.state = parse_event_state(s.column_text(7)).value_or(EventState::queued);
  e.attempts = static_cast<int>(s.column_int(8));
  e.accepted_at_ms = s.column_int(9);
  e.next_attempt_at_ms = s.column_int(10);
  e.updated_at_ms = s.column_int(11);
  e.last_class = parse_last_class(s.column_text(12));
  e.last_error = s.column_text(13);
  if (!s.column_is_null(14)) e.erp_id = s.column_text(14);
  e.result_json = s.column_text(15);
  return e;
}

// Rows wait for their customer's or their order's ERP id (Outcome::waiting).
bool is_parent_id(const IdMapEntry& id) {
  return id.kind == EntityKind::customer || id.kind == EntityKind::order;
}

std::vector<OutboxEvent> read_all(SqliteStatement& s) {
  std::vector<OutboxEvent> out;
  while (s.step()) out.push_back(read_event(s));
  return out;
}

OutboxEvent stored_event(const NewEvent& in, std::int64_t seq, std::int64_t now) {
  OutboxEvent e;
  e.seq = seq;
  e.tenant = in.tenant;
  e.event_id = in.event_id;
  e.event_type = in.event_type;
  e.entity_key = in.entity_key;
  e.document_id = in.document_id;
  e.payload = in.payload;
  e.accepted_at_ms = e.next_attempt_at_ms = e.updated_at_ms = now;
  return e;
}

const char* pragma_synchronous(SyncLevel sync) {
  switch (sync) {
    case SyncLevel::off:
      return "PRAGMA synchronous=OFF";
    case SyncLevel::full:
      return "PRAGMA synchronous=FULL";
    case SyncLevel::normal:
      break;
  }
  return "PRAGMA synchronous=NORMAL";
}

// The writer's statements, prepared once.
struct WriterStatements {
  explicit WriterStatements(SqliteDb& db)
      : insert(db.prepare(sql::kInsert)),
        insert_claimed(db.prepare(sql::kInsertClaimed)),
        lane_open(db.prepare(sql::kLaneOpen)),
        find(db.prepare(sql::kFind)),
        ready_of_tenant(db.prepare(sql::kReadyOfTenant)),
        next_due(db.prepare(sql::kNextDue)),
        mark_delivering(db.prepare(sql::kMarkDelivering)),
        mark_delivered(db.prepare(sql::kMarkDelivered)),
        mark_dead(db.prepare(sql::kMarkDead)),
        reschedule(db.prepare(sql::kReschedule)),
        release(db.prepare(sql::kRelease)),
        unblock_next(db.prepare(sql::kUnblockNextInLane)),
        wake_waiting_of_rows_tenant(db.prepare(sql::kWakeWaitingOfRowsTenant)),
        replay(db.prepare(sql::kReplay)),
        lane_followers(db.prepare(sql::kLaneFollowers)),
        id_map_upsert(db.prepare(sql::kIdMapUpsertForRow)),
        row_document(db.prepare(sql::kRowDocument)) {}
  SqliteStatement insert, insert_claimed, lane_open, find, ready_of_tenant, next_due,
      mark_delivering, mark_delivered, mark_dead, reschedule, release, unblock_next,
      wake_waiting_of_rows_tenant, replay, lane_followers, id_map_upsert, row_document;
};

struct ReaderStatements {
  explicit ReaderStatements(SqliteDb& db)
      : find(db.prepare(sql::kFind)),
        dead_of_tenant(db.prepare(sql::kDeadOfTenant)),
        dead_of_all(db.prepare(sql::kDeadOfAll)),
        count_by_state(db.prepare(sql::kCountByState)) {}
  SqliteStatement find, dead_of_tenant, dead_of_all, count_by_state;
};

class SqliteOutbox final : public SqliteOutboxRoles {
 public:
  SqliteOutbox(std::shared_ptr<SqliteConnection> writer, const std::filesystem::path& file,
               SyncLevel sync, std::function<std::int64_t()> clock)
      : clock_(std::move(clock)),
        connection_(std::move(writer)),
        writer_(connection_->db),
        schema_ready_(create_schema(*connection_, sync)),
        reader_(file),
        w_(writer_),
        r_(reader_) {}

  std::vector<AcceptResult> accept(const std::vector<NewEvent>& batch) override {
    return accept_batch(batch, nullptr, nullptr);
  }

  std::vector<AcceptResult> accept_with_cursor(const std::vector<NewEvent>& batch,
                                               const std::string& tenant,
                                               const std::string& cursor) override {
    return accept_batch(batch, &tenant, &cursor);
  }

  std::optional<std::string> pull_cursor(const std::string& tenant) const override {
    std::lock_guard lock(reader_mutex_);
    return read_pull_cursor(reader_, tenant);
  }

  std::vector<OutboxEvent> lane_followers(const OutboxEvent& head, std::size_t limit) override {
    std::lock_guard lock(connection_->mutex);
    std::vector<OutboxEvent> out;
    Use s(w_.lane_followers);
    s->bind(1, head.tenant).bind(2, head.entity_key).bind(3, head.seq);
    s->bind(4, static_cast<std::int64_t>(limit));
    while (s->step()) {
      OutboxEvent e = read_event(*s);
      if (e.event_type != head.event_type || e.state == EventState::delivering) break;
      out.push_back(std::move(e));
    }
    return out;
  }

  ClaimResult claim_ready(std::int64_t now, const std::vector<TenantQuota>& quotas,
                          std::size_t max_total) override {
    std::lock_guard lock(connection_->mutex);
    SqliteTransaction tx(writer_);
    ClaimResult out;
    for (const TenantQuota& q : quotas) {
      const std::size_t room = max_total - std::min(max_total, out.events.size());
      if (std::min(q.limit, room) > 0)
        ready_of_tenant(q.tenant, std::min(q.limit, room), now, out.events);
      if (auto due = next_due(q.tenant, now))
        out.next_due_ms = out.next_due_ms ? std::min(*out.next_due_ms, *due) : *due;
    }
    mark_delivering(out.events, now);
    tx.commit();
    return out;
  }

  std::vector<bool> finish(const std::vector<GroupOutcome>& outcomes) override {
    std::vector<bool> out;
    out.reserve(outcomes.size());
    std::lock_guard lock(connection_->mutex);
    SqliteTransaction tx(writer_);
    const std::int64_t now = clock_();
    for (const GroupOutcome& o : outcomes) out.push_back(!o.seqs.empty() && write_outcome(o, now));
    tx.commit();
    return out;
  }

  std::optional<OutboxEvent> find(const std::string& tenant,
                                  const std::string& event_id) const override {
    std::lock_guard lock(reader_mutex_);
    Use s(r_.find);
    s->bind(1, tenant).bind(2, event_id);
    if (!s->step()) return std::nullopt;
    return read_event(*s);
  }

  std::vector<OutboxEvent> list(const std::string& tenant, std::size_t limit) const override {
    std::lock_guard lock(reader_mutex_);
    const auto n = static_cast<std::int64_t>(limit);
    if (tenant.empty()) {
      Use s(r_.dead_of_all);
      s->bind(1, n);
      return read_all(*s);
    }
    Use s(r_.dead_of_tenant);
    s->bind(1, tenant).bind(2, n);
    return read_all(*s);
  }

  bool replay(const std::string& tenant, const std::string& event_id, std::int64_t now) override {
    std::lock_guard lock(connection_->mutex);
    Use s(w_.replay);
    s->bind(1, tenant).bind(2, event_id).bind(3, now).step();
    return writer_.changes() == 1;
  }

  bool resolve(const std::string& tenant, const std::string& event_id, const std::string& erp_id,
               const std::vector<IdMapEntry>& created_ids,
               const std::string& result_json) override {
    std::lock_guard lock(connection_->mutex);
    SqliteTransaction tx(writer_);
    auto row = stored(tenant, event_id);
    if (!row || row->state != EventState::dead) return false;
    GroupOutcome o;
    o.seqs = {row->seq};
    o.outcome = Outcome::delivered;
    o.attempts = row->attempts;
    o.erp_id = erp_id;
    o.result_json = result_json;
    o.created_ids = created_ids;
    write_delivered(o, clock_());
    tx.commit();
    return true;
  }

  std::size_t recover_interrupted() override {
    std::lock_guard lock(connection_->mutex);
    auto s = writer_.prepare(sql::kRecoverInterrupted);
    s.bind(1, clock_()).step();
    return static_cast<std::size_t>(writer_.changes());
  }

  std::vector<StateCount> count_by_state() const override {
    std::lock_guard lock(reader_mutex_);
    Use s(r_.count_by_state);
    std::vector<StateCount> out;
    while (s->step()) {
      auto state = parse_event_state(s->column_text(1));
      if (state) out.push_back({s->column_text(0), *state, s->column_int(2)});
    }
    return out;
  }

 private:
  // synchronous is per connection: the writer's level is the one that decides durability.
  static bool create_schema(SqliteConnection& connection, SyncLevel sync) {
    std::lock_guard lock(connection.mutex);
    connection.db.exec(pragma_synchronous(sync));
    connection.db.exec(sql::kSchema);
    connection.db.exec(sql::kIdMapSchema);  // mark_delivered writes the delivery's ids
    create_ledger_schema(connection.db);    // and the ledger's part of it
    create_pull_cursor_schema(connection.db);
    return true;
  }

  // One outcome's writes, inside the caller's transaction. True when it made work ready.
  bool write_outcome(const GroupOutcome& o, std::int64_t now) {
    switch (o.outcome) {
      case Outcome::delivered:
        return write_delivered(o, now);
      case Outcome::dead:
        for (std::int64_t seq : o.seqs) {
          Use s(w_.mark_dead);
          s->bind(1, seq).bind(2, std::int64_t{o.attempts}).bind(3, to_string(o.last_class));
          s->bind(4, o.last_error).bind(5, o.result_json).bind(6, now).step();
        }
        return unblock_next_in_lane(o.seqs.back());
      case Outcome::retry:
      case Outcome::in_doubt: {
        const EventState state =
            o.outcome == Outcome::retry ? EventState::queued : EventState::in_doubt;
        for (std::int64_t seq : o.seqs) {
          Use s(w_.reschedule);
          s->bind(1, seq).bind(2, to_string(state)).bind(3, std::int64_t{o.attempts});
          s->bind(4, o.next_attempt_at_ms).bind(5, to_string(o.last_class));
          s->bind(6, o.last_error).bind(7, now).step();
        }
        return false;
      }
      case Outcome::waiting:
      case Outcome::released:
        // kRelease reads an empty note as "no note": a wait must say what it waits for.
        if (o.outcome == Outcome::waiting && o.last_error.empty())
          throw std::invalid_argument("outbox: a waiting outcome needs a reason");
        for (std::int64_t seq : o.seqs) {
          Use s(w_.release);
          s->bind(1, seq).bind(2, o.next_attempt_at_ms);
          s->bind(3, o.outcome == Outcome::waiting ? o.last_error : std::string());
          s->bind(4, now).step();
        }
        return false;
    }
    return false;
  }

  bool write_delivered(const GroupOutcome& o, std::int64_t now) {
    for (std::int64_t seq : o.seqs) {
      Use s(w_.mark_delivered);
      s->bind(1, seq);
      if (o.erp_id) s->bind(2, *o.erp_id);
      s->bind(3, o.result_json).bind(4, now).bind(5, std::int64_t{o.attempts}).step();
    }
    const std::int64_t head = o.seqs.front();  // the group's tenant
    for (const IdMapEntry& id : o.created_ids) {
      Use s(w_.id_map_upsert);
      s->bind(1, head).bind(2, to_string(id.kind)).bind(3, id.our_id).bind(4, id.erp_id).step();
    }
    for (std::int64_t seq : o.seqs) record_in_ledger(seq, o.created_ids, now);
    bool work_ready = unblock_next_in_lane(o.seqs.back());
    if (std::any_of(o.created_ids.begin(), o.created_ids.end(), is_parent_id)) {
      Use s(w_.wake_waiting_of_rows_tenant);
      s->bind(1, head).bind(2, now).step();
      work_ready = writer_.changes() > 0 || work_ready;
    }
    return work_ready;
  }

  // The ledger's part of a delivered row (after the id map's: an order's customer ERP id is
  // read from it).
  void record_in_ledger(std::int64_t seq, const std::vector<IdMapEntry>& created_ids,
                        std::int64_t now) {
    std::string tenant, event_type, document_id;
    {
      Use s(w_.row_document);
      s->bind(1, seq);
      if (!s->step()) return;
      tenant = s->column_text(0);
      event_type = s->column_text(1);
      document_id = s->column_text(2);
    }
    record_delivered_in_ledger(writer_, tenant, event_type, document_id, created_ids, now);
  }

  // One transaction for the batch, and the tenant's pull cursor when one is given.
  std::vector<AcceptResult> accept_batch(const std::vector<NewEvent>& batch,
                                         const std::string* tenant, const std::string* cursor) {
    std::lock_guard lock(connection_->mutex);
    const std::int64_t now = clock_();
    std::vector<AcceptResult> out;
    out.reserve(batch.size());
    SqliteTransaction tx(writer_);
    for (const NewEvent& e : batch) out.push_back(insert(e, now));
    if (cursor) write_pull_cursor(writer_, *tenant, *cursor, now);
    tx.commit();
    return out;
  }

  bool lane_is_open(const NewEvent& e) {
    Use s(w_.lane_open);
    s->bind(1, e.tenant).bind(2, e.entity_key);
    return s->step();
  }

  std::optional<OutboxEvent> stored(const std::string& tenant, const std::string& event_id) {
    Use s(w_.find);
    s->bind(1, tenant).bind(2, event_id);
    if (!s->step()) return std::nullopt;
    return read_event(*s);
  }

  // An event with a part of the ledger: the ledger admits it in the same transaction, or
  // refuses it (nothing stored), or finds it a repeat of a move already accepted (answered
  // with the first event's row). nullopt: store it.
  std::optional<AcceptResult> admit(const NewEvent& e, std::int64_t now) {
    if (auto row = stored(e.tenant, e.event_id)) return AcceptResult{true, false, *row};
    const auto admission = admit_to_ledger(writer_, e.tenant, e.event_id, e.ledger, now);
    using Verdict = LedgerAdmission::Verdict;
    if (admission.verdict == Verdict::refused) {
      AcceptResult out;
      out.refused = admission;
      return out;
    }
    if (admission.verdict == Verdict::repeat)
      if (auto first = stored(e.tenant, admission.first_event_id))
        return AcceptResult{true, false, *first};
    return std::nullopt;
  }

  AcceptResult insert(const NewEvent& e, std::int64_t now) {
    if (!e.ledger.empty())
      if (auto answered = admit(e, now)) return *answered;
    const bool claim = e.claim && !lane_is_open(e);
    {
      Use s(claim ? w_.insert_claimed : w_.insert);
      s->bind(1, e.tenant).bind(2, e.event_id).bind(3, e.event_type).bind(4, e.entity_key);
      s->bind(5, e.document_id).bind(6, e.payload).bind(7, now).step();
    }
    if (writer_.changes() == 1)
      return {false, claim, stored_event(e, writer_.last_insert_rowid(), now)};
    auto row = stored(e.tenant, e.event_id);
    if (!row) throw std::runtime_error("outbox: insert of " + e.event_id + " did nothing");
    return {true, false, *row};
  }

  void ready_of_tenant(const std::string& tenant, std::size_t limit, std::int64_t now,
                       std::vector<OutboxEvent>& out) {
    Use s(w_.ready_of_tenant);
    s->bind(1, now).bind(2, tenant).bind(3, static_cast<std::int64_t>(limit));
    while (s->step()) out.push_back(read_event(*s));
  }

  std::optional<std::int64_t> next_due(const std::string& tenant, std::int64_t now) {
    Use s(w_.next_due);
    s->bind(1, tenant).bind(2, now);
    if (!s->step() || s->column_is_null(0)) return std::nullopt;
    return s->column_int(0);
  }

  // Called with every selected row read (never while a SELECT on the table is stepping).
  void mark_delivering(const std::vector<OutboxEvent>& rows, std::int64_t now) {
    for (const OutboxEvent& e : rows) {
      Use s(w_.mark_delivering);
      s->bind(1, e.seq).bind(2, now).step();
    }
  }

  bool unblock_next_in_lane(std::int64_t seq) {
    {
      Use s(w_.unblock_next);
      s->bind(1, seq).step();
    }
    return writer_.changes() > 0;
  }

  std::function<std::int64_t()> clock_;
  std::shared_ptr<SqliteConnection> connection_;
  SqliteDb& writer_;
  mutable std::mutex reader_mutex_;
  [[maybe_unused]] bool schema_ready_;  // before reader_ and the statements, which need the tables
  mutable SqliteDb reader_;
  WriterStatements w_;
  mutable ReaderStatements r_;
};

}  // namespace

std::unique_ptr<SqliteOutboxRoles> make_sqlite_outbox(std::shared_ptr<SqliteConnection> writer,
                                                      const std::filesystem::path& file,
                                                      SyncLevel sync,
                                                      std::function<std::int64_t()> clock) {
  return std::make_unique<SqliteOutbox>(std::move(writer), file, sync, std::move(clock));
}

}  // namespace erpbridge::store
