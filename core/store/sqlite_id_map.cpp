// The id map in the embedded SQLite store. One connection guarded by a mutex: id-map
// reads and writes are tiny, and SQLite serialises writers anyway.
#include <mutex>
#include <stdexcept>

#include "store/id_map.hpp"
#include "store/sqlite_db.hpp"

namespace erpbridge::store {

const char* to_string(EntityKind k) {
  switch (k) {
    case EntityKind::customer:
      return "customer";
    case EntityKind::order:
      return "order";
    case EntityKind::order_line:
      return "order_line";
    case EntityKind::cancellation:
      return "cancellation";
    case EntityKind::order_return:
      return "return";
  }
  return "unknown";
}

std::string order_line_key(const std::string& order_id, const std::string& line_id) {
  return order_id + "/" + line_id;
}

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS id_map (
  tenant     TEXT NOT NULL,
  kind       TEXT NOT NULL,
  our_id     TEXT NOT NULL,
  erp_id     TEXT NOT NULL,
  updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
  PRIMARY KEY (tenant, kind, our_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS id_map_by_erp_id ON id_map(tenant, kind, erp_id);
)sql";

class SqliteIdMap final : public IdMap {
 public:
  explicit SqliteIdMap(const std::filesystem::path& file) : db_(file) { db_.exec(kSchema); }

  void put(const std::string& tenant, EntityKind kind, const std::string& our_id,
           const std::string& erp_id) override {
    std::lock_guard lock(mutex_);
    upsert(tenant, kind, our_id, erp_id);
  }

  void put_all(const std::string& tenant, const std::vector<IdMapEntry>& entries) override {
    if (entries.empty()) return;
    std::lock_guard lock(mutex_);
    if (entries.size() == 1) {  // a single statement is its own transaction
      upsert(tenant, entries.front().kind, entries.front().our_id, entries.front().erp_id);
      return;
    }
    SqliteTransaction transaction(db_);
    for (const auto& entry : entries) upsert(tenant, entry.kind, entry.our_id, entry.erp_id);
    transaction.commit();
  }

  std::optional<std::string> get(const std::string& tenant, EntityKind kind,
                                 const std::string& our_id) const override {
    std::lock_guard lock(mutex_);
    auto stmt =
        db_.prepare("SELECT erp_id FROM id_map WHERE tenant = ?1 AND kind = ?2 AND our_id = ?3");
    stmt.bind(1, tenant).bind(2, to_string(kind)).bind(3, our_id);
    if (!stmt.step()) return std::nullopt;
    return stmt.column_text(0);
  }

  std::optional<std::string> find_our_id(const std::string& tenant, EntityKind kind,
                                         const std::string& erp_id) const override {
    std::lock_guard lock(mutex_);
    auto stmt = db_.prepare(
        "SELECT our_id FROM id_map WHERE tenant = ?1 AND kind = ?2 AND erp_id = ?3 "
        "ORDER BY updated_at DESC LIMIT 1");
    stmt.bind(1, tenant).bind(2, to_string(kind)).bind(3, erp_id);
    if (!stmt.step()) return std::nullopt;
    return stmt.column_text(0);
  }

 private:
  // The caller holds mutex_.
  void upsert(const std::string& tenant, EntityKind kind, const std::string& our_id,
              const std::string& erp_id) {
    auto stmt = db_.prepare(
        "INSERT INTO id_map(tenant, kind, our_id, erp_id) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(tenant, kind, our_id) DO UPDATE SET erp_id = excluded.erp_id, "
        "updated_at = unixepoch()");
    stmt.bind(1, tenant).bind(2, to_string(kind)).bind(3, our_id).bind(4, erp_id);
    stmt.step();
  }

  mutable std::mutex mutex_;
  mutable SqliteDb db_;
};

}  // namespace

std::unique_ptr<IdMap> open_sqlite_id_map(const std::filesystem::path& file) {
  return std::make_unique<SqliteIdMap>(file);
}

}  // namespace erpbridge::store
