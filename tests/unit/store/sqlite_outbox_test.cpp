// The SQLite outbox: the contract suite, plus what only SQLite has (query plans, the
// synchronous pragma, the cost of a large backlog).
#include <sqlite3.h>

#include <chrono>

#include "store/sqlite_db.hpp"
#include "store/sqlite_outbox_sql.hpp"
#include "unit/store/outbox_contract.hpp"

namespace erpbridge::store::testing {
namespace {

OutboxFactory sqlite_factory(SyncLevel sync, std::string name) {
  return {std::move(name), [sync](const std::filesystem::path& dir) {
            return open_sqlite_outbox(dir / "store.db", sync);
          }};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, OutboxContract,
                         ::testing::Values(sqlite_factory(SyncLevel::normal, "Normal"),
                                           sqlite_factory(SyncLevel::full, "Full")),
                         factory_name);

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

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
    open_sqlite_outbox(dir_.path() / "store.db");  // creates the schema
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
  EXPECT_NE(query_plan(*db_, sql::kWakeWaiting).find("outbox_due"), std::string::npos);
}

TEST_F(SqliteOutboxPlan, DeadLettersOfATenantUseTheDeadIndex) {
  EXPECT_NE(query_plan(*db_, sql::kDeadOfTenant).find("outbox_dead"), std::string::npos);
}

TEST(SqliteOutbox, EverySynchronousLevelOpensTheSameStore) {
  erpbridge::testing::TempDir dir;
  for (auto level : {SyncLevel::off, SyncLevel::normal, SyncLevel::full}) {
    auto outbox = open_sqlite_outbox(dir.path() / "store.db", level);
    outbox->accept(
        {{"t", std::string("e-") + to_string(level), "order.created", "order:1", "1", "{}"}});
  }
  EXPECT_EQ(open_sqlite_outbox(dir.path() / "store.db")->count_by_state().at(0).count, 3);
  EXPECT_EQ(parse_sync_level("full"), SyncLevel::full);
  EXPECT_FALSE(parse_sync_level("FULL"));
}

TEST(SqliteOutbox, LargeBacklogAcceptsFastAndClaimsOnlyWhatIsDue) {
  erpbridge::testing::TempDir dir;
  auto outbox = open_sqlite_outbox(dir.path() / "store.db");
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
    outbox->accept(batch);
  }
  const auto accept_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "accepted " << kEvents << " events in " << accept_s << " s ("
            << static_cast<int>(kEvents / accept_s) << "/s)\n";
  EXPECT_LT(accept_s, 20.0);  // generous: a shared, loaded CI machine, Debug build

  const auto claim_start = std::chrono::steady_clock::now();
  auto claimed = outbox->claim_ready(now_ms() + 1, {TenantQuota{"t0", 50}, {"t1", 50}}, 1000);
  const auto claim_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - claim_start).count();
  EXPECT_EQ(claimed.events.size(), 100u);
  EXPECT_LT(claim_s, 0.5) << "a claim must not read the whole backlog";
}

}  // namespace
}  // namespace erpbridge::store::testing
