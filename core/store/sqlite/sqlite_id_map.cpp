// The id map in the embedded SQLite store. One connection guarded by its mutex: id-map reads
// and writes are tiny, and SQLite serialises writers anyway. The connection is the outbox
// writer's (sqlite_store.cpp).
#include <memory>
#include <mutex>
#include <stdexcept>

#include "store/id_map.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_id_map_sql.hpp"
#include "store/sqlite/sqlite_store_parts.hpp"

namespace erpbridge::store {

namespace {

class SqliteIdMap final : public IdMap {
 public:
  explicit SqliteIdMap(std::shared_ptr<SqliteConnection> connection)
      : connection_(std::move(connection)), db_(connection_->db) {
    std::lock_guard lock(connection_->mutex);
    db_.exec(sql::kIdMapSchema);
  }

  void put_all(const std::string& tenant, const std::vector<IdMapEntry>& entries) override {
    if (entries.empty()) return;
    std::lock_guard lock(connection_->mutex);
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
    std::lock_guard lock(connection_->mutex);
    auto stmt = db_.prepare(sql::kIdMapGet);
    stmt.bind(1, tenant).bind(2, to_string(kind)).bind(3, our_id);
    if (!stmt.step()) return std::nullopt;
    return stmt.column_text(0);
  }

  std::optional<std::string> find_our_id(const std::string& tenant, EntityKind kind,
                                         const std::string& erp_id) const override {
    std::lock_guard lock(connection_->mutex);
    auto stmt = db_.prepare(sql::kIdMapFindOurId);
    stmt.bind(1, tenant).bind(2, to_string(kind)).bind(3, erp_id);
    if (!stmt.step()) return std::nullopt;
    return stmt.column_text(0);
  }

 private:
  // The caller holds the connection's mutex.
  void upsert(const std::string& tenant, EntityKind kind, const std::string& our_id,
              const std::string& erp_id) {
    auto stmt = db_.prepare(sql::kIdMapUpsert);
    stmt.bind(1, tenant).bind(2, to_string(kind)).bind(3, our_id).bind(4, erp_id);
    stmt.step();
  }

  std::shared_ptr<SqliteConnection> connection_;
  SqliteDb& db_;
};

}  // namespace

std::unique_ptr<IdMap> make_sqlite_id_map(std::shared_ptr<SqliteConnection> connection) {
  return std::make_unique<SqliteIdMap>(std::move(connection));
}

}  // namespace erpbridge::store
