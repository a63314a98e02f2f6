#include "store/sqlite/sqlite_ledger.hpp"

#include <mutex>

#include "common/clock.hpp"
#include "store/sqlite/sqlite_id_map_sql.hpp"

namespace erpbridge::store {

namespace {

// ledger_move keeps its rowid: a move's rowid is its acceptance order.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS ledger_order (
  tenant          TEXT NOT NULL,
  order_id        TEXT NOT NULL,
  customer_id     TEXT NOT NULL,
  customer_erp_id TEXT,
  order_erp_id    TEXT,
  state           TEXT NOT NULL,
  event_id        TEXT NOT NULL,
  updated_at      INTEGER NOT NULL,
  PRIMARY KEY (tenant, order_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_line (
  tenant      TEXT NOT NULL,
  order_id    TEXT NOT NULL,
  line_id     TEXT NOT NULL,
  position    INTEGER NOT NULL,
  sku         TEXT NOT NULL,
  name        TEXT NOT NULL,
  ordered     INTEGER NOT NULL,
  unit_price  TEXT NOT NULL,
  discount    TEXT NOT NULL,
  tax_rate    TEXT NOT NULL,
  tax_amount  TEXT NOT NULL,
  line_total  TEXT NOT NULL,
  erp_id      TEXT,
  PRIMARY KEY (tenant, order_id, line_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_move (
  tenant      TEXT NOT NULL,
  kind        TEXT NOT NULL,
  move_id     TEXT NOT NULL,
  order_id    TEXT NOT NULL,
  event_id    TEXT NOT NULL,
  whole_order INTEGER NOT NULL,
  applied     INTEGER NOT NULL DEFAULT 0,
  accepted_at INTEGER NOT NULL,
  UNIQUE (tenant, kind, move_id)
);
CREATE INDEX IF NOT EXISTS ledger_move_of_order ON ledger_move(tenant, order_id);
CREATE TABLE IF NOT EXISTS ledger_move_line (
  tenant   TEXT NOT NULL,
  kind     TEXT NOT NULL,
  move_id  TEXT NOT NULL,
  line_id  TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  PRIMARY KEY (tenant, kind, move_id, line_id)
) WITHOUT ROWID;
)sql";

constexpr const char* kReadOrder =
    "SELECT customer_id, customer_erp_id, order_erp_id, state FROM ledger_order "
    "WHERE tenant = ?1 AND order_id = ?2";

constexpr const char* kReadLines =
    "SELECT line_id, sku, name, ordered, unit_price, discount, tax_rate, tax_amount, line_total, "
    "erp_id FROM ledger_line WHERE tenant = ?1 AND order_id = ?2 ORDER BY position";

constexpr const char* kReadMoves =
    "SELECT m.kind, m.move_id, m.event_id, m.whole_order, m.applied, l.line_id, l.quantity "
    "FROM ledger_move AS m LEFT JOIN ledger_move_line AS l ON l.tenant = m.tenant "
    "AND l.kind = m.kind AND l.move_id = m.move_id WHERE m.tenant = ?1 AND m.order_id = ?2 "
    "ORDER BY m.rowid, l.line_id";

constexpr const char* kInsertOrder =
    "INSERT INTO ledger_order (tenant, order_id, customer_id, state, event_id, updated_at) "
    "VALUES (?1, ?2, ?3, 'accepted', ?4, ?5) ON CONFLICT (tenant, order_id) DO NOTHING";

constexpr const char* kInsertLine =
    "INSERT INTO ledger_line (tenant, order_id, line_id, position, sku, name, ordered, "
    "unit_price, discount, tax_rate, tax_amount, line_total) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
    "?8, ?9, ?10, ?11, ?12) ON CONFLICT (tenant, order_id, line_id) DO NOTHING";

constexpr const char* kInsertMove =
    "INSERT INTO ledger_move (tenant, kind, move_id, order_id, event_id, whole_order, "
    "accepted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

constexpr const char* kInsertMoveLine =
    "INSERT INTO ledger_move_line (tenant, kind, move_id, line_id, quantity) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (tenant, kind, move_id, line_id) "
    "DO UPDATE SET quantity = quantity + excluded.quantity";

// The customer's ERP id comes from the id map: the customer was delivered before its order.
constexpr const char* kOrderDelivered =
    "UPDATE ledger_order SET order_erp_id = ?3, "
    "state = CASE WHEN state = 'accepted' THEN 'open' ELSE state END, "
    "customer_erp_id = coalesce((SELECT erp_id FROM id_map WHERE id_map.tenant = ?1 "
    "AND id_map.kind = 'customer' AND id_map.our_id = ledger_order.customer_id), "
    "customer_erp_id), updated_at = ?4 WHERE tenant = ?1 AND order_id = ?2";

constexpr const char* kLineDelivered =
    "UPDATE ledger_line SET erp_id = ?4 WHERE tenant = ?1 AND order_id = ?2 AND line_id = ?3";

constexpr const char* kMoveApplied =
    "UPDATE ledger_move SET applied = 1 WHERE tenant = ?1 AND kind = ?2 AND move_id = ?3 "
    "RETURNING order_id";

constexpr const char* kSetState =
    "UPDATE ledger_order SET state = ?3, updated_at = ?4 WHERE tenant = ?1 AND order_id = ?2";

std::optional<std::string> optional_text(const SqliteStatement& s, int column) {
  if (s.column_is_null(column)) return std::nullopt;
  return s.column_text(column);
}

void read_lines(SqliteDb& db, const std::string& tenant, LedgerOrder& order) {
  auto s = db.prepare(kReadLines);
  s.bind(1, tenant).bind(2, order.order_id);
  while (s.step()) {
    LedgerLine l;
    l.line_id = s.column_text(0);
    l.sku = s.column_text(1);
    l.name = s.column_text(2);
    l.ordered = s.column_int(3);
    l.unit_price = s.column_text(4);
    l.discount = s.column_text(5);
    l.tax_rate = s.column_text(6);
    l.tax_amount = s.column_text(7);
    l.line_total = s.column_text(8);
    l.erp_id = optional_text(s, 9);
    order.lines.push_back(std::move(l));
  }
}

void read_moves(SqliteDb& db, const std::string& tenant, LedgerOrder& order) {
  auto s = db.prepare(kReadMoves);
  s.bind(1, tenant).bind(2, order.order_id);
  while (s.step()) {
    const auto kind = parse_move_kind(s.column_text(0)).value_or(MoveKind::cancellation);
    const std::string move_id = s.column_text(1);
    if (order.moves.empty() || order.moves.back().kind != kind ||
        order.moves.back().move_id != move_id) {
      LedgerMove m;
      m.kind = kind;
      m.move_id = move_id;
      m.event_id = s.column_text(2);
      m.whole_order = s.column_int(3) != 0;
      m.applied = s.column_int(4) != 0;
      order.moves.push_back(std::move(m));
    }
    if (!s.column_is_null(5))
      order.moves.back().lines.push_back({s.column_text(5), s.column_int(6)});
  }
}

// What the moves did to each line: applied ones cancelled or returned, the others hold.
void sum_moves(LedgerOrder& order) {
  for (const LedgerMove& m : order.moves)
    for (const LineQuantity& q : m.lines)
      for (LedgerLine& line : order.lines) {
        if (line.line_id != q.line_id) continue;
        if (!m.applied) {
          line.held += q.quantity;
        } else if (m.kind == MoveKind::cancellation) {
          line.cancelled += q.quantity;
          line.cancellation_ids.push_back(m.move_id);
        } else {
          line.returned += q.quantity;
          line.return_ids.push_back(m.move_id);
        }
      }
}

OrderState state_after_moves(const LedgerOrder& order) {
  if (!order.order_erp_id) return OrderState::accepted;
  for (const LedgerLine& line : order.lines)
    if (line.remaining() > 0) return OrderState::open;
  return OrderState::closed;
}

void register_order(SqliteDb& db, const std::string& tenant, const std::string& event_id,
                    const LedgerOrder& order, std::int64_t now) {
  {
    auto s = db.prepare(kInsertOrder);
    s.bind(1, tenant).bind(2, order.order_id).bind(3, order.customer_id).bind(4, event_id);
    s.bind(5, now).step();
  }
  if (db.changes() != 1) return;  // known already: the first order.created stays
  std::int64_t position = 0;
  for (const LedgerLine& l : order.lines) {
    auto s = db.prepare(kInsertLine);
    s.bind(1, tenant).bind(2, order.order_id).bind(3, l.line_id).bind(4, position++);
    s.bind(5, l.sku).bind(6, l.name).bind(7, l.ordered).bind(8, l.unit_price);
    s.bind(9, l.discount).bind(10, l.tax_rate).bind(11, l.tax_amount).bind(12, l.line_total);
    s.step();
  }
}

void record_move(SqliteDb& db, const std::string& tenant, const std::string& order_id,
                 const std::string& event_id, const LedgerMove& move, std::int64_t now) {
  const char* kind = to_string(move.kind);
  {
    auto s = db.prepare(kInsertMove);
    s.bind(1, tenant).bind(2, kind).bind(3, move.move_id).bind(4, order_id).bind(5, event_id);
    s.bind(6, std::int64_t{move.whole_order ? 1 : 0}).bind(7, now).step();
  }
  for (const LineQuantity& q : move.lines) {
    auto s = db.prepare(kInsertMoveLine);
    s.bind(1, tenant).bind(2, kind).bind(3, move.move_id).bind(4, q.line_id);
    s.bind(5, q.quantity).step();
  }
}

void order_delivered(SqliteDb& db, const std::string& tenant, const std::string& order_id,
                     const std::vector<IdMapEntry>& created_ids, std::int64_t now) {
  const std::string line_prefix = order_line_key(order_id, "");
  for (const IdMapEntry& id : created_ids) {
    if (id.kind == EntityKind::order && id.our_id == order_id) {
      auto s = db.prepare(kOrderDelivered);
      s.bind(1, tenant).bind(2, order_id).bind(3, id.erp_id).bind(4, now).step();
    } else if (id.kind == EntityKind::order_line && id.our_id.starts_with(line_prefix)) {
      auto s = db.prepare(kLineDelivered);
      s.bind(1, tenant).bind(2, order_id).bind(3, id.our_id.substr(line_prefix.size()));
      s.bind(4, id.erp_id).step();
    }
  }
}

void move_applied(SqliteDb& db, const std::string& tenant, MoveKind kind,
                  const std::string& move_id, std::int64_t now) {
  std::string order_id;
  {
    auto s = db.prepare(kMoveApplied);
    s.bind(1, tenant).bind(2, to_string(kind)).bind(3, move_id);
    if (!s.step()) return;  // a move the door could not check and delivery did not record
    order_id = s.column_text(0);
  }
  auto order = read_ledger_order(db, tenant, order_id);
  if (!order) return;
  auto s = db.prepare(kSetState);
  s.bind(1, tenant).bind(2, order_id).bind(3, to_string(state_after_moves(*order)));
  s.bind(4, now).step();
}

class SqliteOrderLedgers final : public OrderLedgers {
 public:
  explicit SqliteOrderLedgers(std::shared_ptr<SqliteConnection> connection)
      : connection_(std::move(connection)), db_(connection_->db) {
    std::lock_guard lock(connection_->mutex);
    db_.exec(sql::kIdMapSchema);  // record_delivered writes the id map; the ledger reads it
    create_ledger_schema(db_);
  }

  std::optional<LedgerOrder> order(const std::string& tenant,
                                   const std::string& order_id) const override {
    std::lock_guard lock(connection_->mutex);
    SqliteTransaction tx(db_, false);  // one snapshot for the order, its lines and moves
    return read_ledger_order(db_, tenant, order_id);
  }

  LedgerAdmission admit(const std::string& tenant, const std::string& event_id,
                        const LedgerEntry& entry) override {
    std::lock_guard lock(connection_->mutex);
    SqliteTransaction tx(db_);
    auto out = admit_to_ledger(db_, tenant, event_id, entry, unix_now_ms());
    tx.commit();
    return out;
  }

  void record_delivered(const std::string& tenant, const std::string& event_type,
                        const std::string& document_id,
                        const std::vector<IdMapEntry>& created_ids) override {
    std::lock_guard lock(connection_->mutex);
    SqliteTransaction tx(db_);
    for (const IdMapEntry& id : created_ids) {
      auto s = db_.prepare(sql::kIdMapUpsert);
      s.bind(1, tenant).bind(2, to_string(id.kind)).bind(3, id.our_id).bind(4, id.erp_id).step();
    }
    record_delivered_in_ledger(db_, tenant, event_type, document_id, created_ids, unix_now_ms());
    tx.commit();
  }

 private:
  std::shared_ptr<SqliteConnection> connection_;
  SqliteDb& db_;
};

}  // namespace

void create_ledger_schema(SqliteDb& db) {
  db.exec(kSchema);
}

std::optional<LedgerOrder> read_ledger_order(SqliteDb& db, const std::string& tenant,
                                             const std::string& order_id) {
  LedgerOrder order;
  order.order_id = order_id;
  {
    auto s = db.prepare(kReadOrder);
    s.bind(1, tenant).bind(2, order_id);
    if (!s.step()) return std::nullopt;
    order.customer_id = s.column_text(0);
    order.customer_erp_id = optional_text(s, 1);
    order.order_erp_id = optional_text(s, 2);
    order.state = parse_order_state(s.column_text(3)).value_or(OrderState::accepted);
  }
  read_lines(db, tenant, order);
  read_moves(db, tenant, order);
  sum_moves(order);
  return order;
}

LedgerAdmission admit_to_ledger(SqliteDb& db, const std::string& tenant,
                                const std::string& event_id, const LedgerEntry& entry,
                                std::int64_t now_ms) {
  if (entry.order) {
    register_order(db, tenant, event_id, *entry.order, now_ms);
    return {};
  }
  if (!entry.move) return {};
  auto order = read_ledger_order(db, tenant, entry.order_id);
  if (!order) {
    LedgerAdmission out;
    out.verdict = LedgerAdmission::Verdict::unchecked;
    return out;
  }
  LedgerMove move = *entry.move;
  auto out = check_move(*order, move);
  if (out.verdict == LedgerAdmission::Verdict::admitted)
    record_move(db, tenant, entry.order_id, event_id, move, now_ms);
  return out;
}

void record_delivered_in_ledger(SqliteDb& db, const std::string& tenant,
                                const std::string& event_type, const std::string& document_id,
                                const std::vector<IdMapEntry>& created_ids, std::int64_t now_ms) {
  if (event_type == "order.created") {
    order_delivered(db, tenant, document_id, created_ids, now_ms);
  } else if (auto kind = move_kind_of_event(event_type)) {
    move_applied(db, tenant, *kind, document_id, now_ms);
  }
}

std::unique_ptr<OrderLedgers> make_sqlite_ledger(std::shared_ptr<SqliteConnection> connection) {
  return std::make_unique<SqliteOrderLedgers>(std::move(connection));
}

}  // namespace erpbridge::store
