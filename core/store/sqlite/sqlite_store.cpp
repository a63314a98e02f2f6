// The roles of one SQLite file writing through ONE connection: in WAL mode every connection
// re-reads its pages after another connection's commit, so a second writer connection made
// nearly every transaction start cold (docs/benchmarks.md). The WAL is checkpointed beside
// the writers, on its own connection (store/sqlite/wal_checkpointer.hpp).
#include "store/sqlite/sqlite_store.hpp"

#include <chrono>

#include "common/clock.hpp"
#include "store/sqlite/sqlite_ledger.hpp"
#include "store/sqlite/sqlite_store_parts.hpp"
#include "store/sqlite/wal_checkpointer.hpp"

namespace erpbridge::store {

namespace {

// Applies to the store's own checkpointer; a CLI command's store has its own too.
constexpr std::chrono::milliseconds kCheckpointInterval{250};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const StoreConfig& config)
      : writer_(open_writer(config.file)),
        outbox_(make_sqlite_outbox(writer_, config.file, config.sync,  // the schema first
                                   config.clock ? config.clock : unix_now_ms)),
        ids_(make_sqlite_id_map(writer_)),
        ledger_(make_sqlite_ledger(writer_)),
        retention_(make_sqlite_retention(writer_, config.file)),
        checkpointer_(config.file, kCheckpointInterval) {}

  EventIntake& intake() override { return *outbox_; }
  WorkClaims& claims() override { return *outbox_; }
  OutcomeWriter& outcomes() override { return *outbox_; }
  DeadLetters& dead_letters() override { return *outbox_; }
  EventStatus& status() override { return *outbox_; }
  PullCursors& cursors() override { return *outbox_; }
  IdMap& ids() override { return *ids_; }
  OrderLedgers& ledger() override { return *ledger_; }
  Retention& retention() override { return *retention_; }

 private:
  static std::shared_ptr<SqliteConnection> open_writer(const std::filesystem::path& file) {
    auto writer = std::make_shared<SqliteConnection>(file);
    writer->db.exec("PRAGMA wal_autocheckpoint=0");  // the checkpointer's job
    return writer;
  }

  std::shared_ptr<SqliteConnection> writer_;
  std::unique_ptr<SqliteOutboxRoles> outbox_;
  std::unique_ptr<IdMap> ids_;
  std::unique_ptr<OrderLedgers> ledger_;
  std::unique_ptr<Retention> retention_;
  WalCheckpointer checkpointer_;  // last: its final checkpoint runs before the rest closes
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const StoreConfig& config) {
  return std::make_unique<SqliteStore>(config);
}

}  // namespace erpbridge::store
