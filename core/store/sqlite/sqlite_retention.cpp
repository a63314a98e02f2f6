// Retention of the SQLite store: delivered rows pruned in small batches through the writer
// connection (shared with the outbox and the id map, sqlite_store.cpp), the dry run read on a
// connection of its own so it never holds the writer. The space of pruned rows goes to the
// file's freelist and the next rows reuse it: under a steady load the file stops growing at
// what one retention period holds, instead of growing for ever (docs/delivery.md#retention).
#include <memory>
#include <mutex>

#include "store/retention.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/sqlite_retention_sql.hpp"
#include "store/sqlite/sqlite_store_parts.hpp"

namespace erpbridge::store {

namespace {

class SqliteRetention final : public Retention {
 public:
  SqliteRetention(std::shared_ptr<SqliteConnection> writer, const std::filesystem::path& file)
      : writer_(std::move(writer)), reader_(create_index(*writer_, file)) {}

  std::vector<PrunableRows> prunable(std::int64_t delivered_before_ms) const override {
    std::lock_guard lock(reader_mutex_);
    auto s = reader_.prepare(sql::kPrunableByTenant);
    s.bind(1, delivered_before_ms);
    std::vector<PrunableRows> out;
    while (s.step())
      out.push_back(
          {s.column_text(0), s.column_int(1), s.column_int(2), s.column_int(3), s.column_int(4)});
    return out;
  }

  std::size_t prune_delivered(std::int64_t delivered_before_ms, std::size_t limit) override {
    std::lock_guard lock(writer_->mutex);
    auto s = writer_->db.prepare(sql::kPruneDelivered);  // one statement: its own transaction
    s.bind(1, delivered_before_ms).bind(2, static_cast<std::int64_t>(limit)).step();
    return static_cast<std::size_t>(writer_->db.changes());
  }

 private:
  // Before the reader opens, so its first query finds the index.
  static const std::filesystem::path& create_index(SqliteConnection& writer,
                                                   const std::filesystem::path& file) {
    std::lock_guard lock(writer.mutex);
    writer.db.exec(sql::kDeliveredIndex);
    return file;
  }

  std::shared_ptr<SqliteConnection> writer_;
  mutable std::mutex reader_mutex_;
  mutable SqliteDb reader_;
};

}  // namespace

std::unique_ptr<Retention> make_sqlite_retention(std::shared_ptr<SqliteConnection> writer,
                                                 const std::filesystem::path& file) {
  return std::make_unique<SqliteRetention>(std::move(writer), file);
}

}  // namespace erpbridge::store
