// The SQLite store: the contract suite, plus what only SQLite has (query plans, the
// synchronous pragma, the WAL checkpointer, the cost of a large backlog, a write failing
// half-way).
#include <sqlite3.h>

#include <chrono>

#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/sqlite_outbox_sql.hpp"
#include "store/sqlite/wal_checkpointer.hpp"
#include "unit/store/store_contract.hpp"

namespace erpbridge::store::testing {
namespace {

StoreFactory sqlite_factory(SyncLevel sync, std::string name) {
  return {std::move(name), [sync](const std::filesystem::path& dir) {
            return open_store({dir / "store.db", sync});
          }};
}

std::unique_ptr<Store> open_file(const std::filesystem::path& file) {
  return open_store({file, SyncLevel::normal});
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract,
                         ::testing::Values(sqlite_factory(SyncLevel::normal, "Normal"),
                                           sqlite_factory(SyncLevel::full, "Full")),
                         factory_name);

// EXPLAIN QUERY PLAN, one detail per line.
std::string query_plan(SqliteDb& db, const char* sql) {
  auto s = db.prepare(std::string("EXPLAIN QUERY PLAN ") + sql);
  std::string plan;
  while (s.step()) plan += s.column_text(3) + "\n";
  return plan;
}

class SqliteOutboxPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    open_file(dir_.path() / "store.db");  // creates the schema
    db_ = std::make_unique<SqliteDb>(dir_.path() / "store.db");
  }
  erpbridge::testing::TempDir dir_;
  std::unique_ptr<SqliteDb> db_;
};

TEST_F(SqliteOutboxPlan, TenantClaimWalksTheDueIndexAndProbesLanesByIndex) {
  const auto plan = query_plan(*db_, sql::kReadyOfTenant);
  EXPECT_NE(plan.find("USING INDEX outbox_due"), std::string::npos) << plan;
  EXPECT_NE(plan.find("USING COVERING INDEX outbox_lane"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("SCAN o\n"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;  // no sort
}

TEST_F(SqliteOutboxPlan, AcceptProbesTheLaneIndexToKnowIfTheEventIsBlocked) {
  const auto plan = query_plan(*db_, sql::kInsert);
  EXPECT_NE(plan.find("outbox_lane"), std::string::npos) << plan;
}

TEST_F(SqliteOutboxPlan, NextDueAndWakeUseTheDueIndex) {
  EXPECT_NE(query_plan(*db_, sql::kNextDue).find("outbox_due"), std::string::npos);
  EXPECT_NE(query_plan(*db_, sql::kWakeWaitingOfRowsTenant).find("outbox_due"), std::string::npos);
}

TEST_F(SqliteOutboxPlan, DeadLettersOfATenantUseTheDeadIndex) {
  EXPECT_NE(query_plan(*db_, sql::kDeadOfTenant).find("outbox_dead"), std::string::npos);
}

TEST(SqliteOutbox, EverySynchronousLevelOpensTheSameStore) {
  erpbridge::testing::TempDir dir;
  for (auto level : {SyncLevel::off, SyncLevel::normal, SyncLevel::full}) {
    auto store = open_store({dir.path() / "store.db", level});
    store->intake().accept(
        {{"t", std::string("e-") + to_string(level), "order.created", "order:1", "1", "{}"}});
  }
  EXPECT_EQ(open_file(dir.path() / "store.db")->status().count_by_state().at(0).count, 3);
  EXPECT_EQ(parse_sync_level("full"), SyncLevel::full);
  EXPECT_FALSE(parse_sync_level("FULL"));
}

TEST(SqliteOutbox, LargeBacklogAcceptsFastAndClaimsOnlyWhatIsDue) {
  erpbridge::testing::TempDir dir;
  auto store = open_file(dir.path() / "store.db");
  constexpr int kEvents = 100'000;
  const std::string payload(200, 'x');
  const auto start = std::chrono::steady_clock::now();
  for (int b = 0; b < kEvents / 1000; ++b) {
    std::vector<NewEvent> batch;
    for (int i = 0; i < 1000; ++i) {
      const auto n = std::to_string(b * 1000 + i);
      // Two events per order lane: half the backlog is blocked behind its lane head.
      batch.push_back({"t" + std::to_string(i % 4), "e" + n, "order.created",
                       "order:" + std::to_string((b * 1000 + i) / 2), n, payload});
    }
    store->intake().accept(batch);
  }
  const auto accept_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "accepted " << kEvents << " events in " << accept_s << " s ("
            << static_cast<int>(kEvents / accept_s) << "/s)\n";
  EXPECT_LT(accept_s, 20.0);  // generous: a shared, loaded CI machine, Debug build

  const auto claim_start = std::chrono::steady_clock::now();
  auto claimed =
      store->claims().claim_ready(now_ms() + 1, {TenantQuota{"t0", 50}, {"t1", 50}}, 1000);
  const auto claim_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - claim_start).count();
  EXPECT_EQ(claimed.events.size(), 100u);
  EXPECT_LT(claim_s, 0.5) << "a claim must not read the whole backlog";
}

TEST(SqliteStore, CheckpointerCopiesCommittedEventsIntoTheDatabaseFile) {
  erpbridge::testing::TempDir dir;
  auto store = open_file(dir.path() / "store.db");
  for (int i = 0; i < 20; ++i) {
    const auto n = std::to_string(i);
    store->intake().accept({{"t1", "e" + n, "order.created", "order:O" + n, "O" + n, "{}"}});
  }
  // A checkpointer of its own, beside the store's (which may be between its rounds).
  WalCheckpointer checkpointer(dir.path() / "store.db", std::chrono::hours(1));
  ASSERT_TRUE(checkpointer.checkpoint_now());
  // The database file alone, without its WAL, now holds them.
  const auto copy = dir.path() / "copy" / "store.db";
  std::filesystem::create_directories(copy.parent_path());
  std::filesystem::copy_file(dir.path() / "store.db", copy);
  EXPECT_EQ(open_file(copy)->status().count_by_state().at(0).count, 20);
}

TEST(SqliteStore, UnwritablePathThrowsWithTheFileName) {
  try {
    open_file("/proc/erpbridge/nope.db");
    FAIL() << "expected an exception";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("nope.db"), std::string::npos) << e.what();
  }
}

// A write failing half-way (here a trigger refusing one row; in production a full disk or an
// I/O error) must not leave an order mapped without its lines.
TEST(SqliteStore, PutAllWritesNothingWhenOneEntryFails) {
  erpbridge::testing::TempDir dir;
  auto file = dir.path() / "store.db";
  auto store = open_file(file);
  auto& ids = store->ids();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "CREATE TRIGGER refuse_poison BEFORE INSERT ON id_map "
                         "WHEN NEW.erp_id = 'poison' BEGIN SELECT RAISE(ABORT, 'refused'); END",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);

  EXPECT_THROW(
      ids.put_all("p1", {{EntityKind::order, "ORD-1", "SO1"},
                         {EntityKind::order_line, order_line_key("ORD-1", "L1"), "poison"},
                         {EntityKind::order_line, order_line_key("ORD-1", "L2"), "SO1-20"}}),
      std::exception);
  EXPECT_FALSE(ids.get("p1", EntityKind::order, "ORD-1"));
  EXPECT_FALSE(ids.get("p1", EntityKind::order_line, order_line_key("ORD-1", "L2")));

  // The connection is usable afterwards: the failed batch left no transaction open.
  ids.put_all("p1", {{EntityKind::order, "ORD-1", "SO1"},
                     {EntityKind::order_line, order_line_key("ORD-1", "L1"), "SO1-10"}});
  EXPECT_EQ(ids.get("p1", EntityKind::order_line, order_line_key("ORD-1", "L1")), "SO1-10");
}

}  // namespace
}  // namespace erpbridge::store::testing
