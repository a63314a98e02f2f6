// Retention in the SQLite store: pruning bounds the database file. The freed pages of pruned
// rows are reused by the rows stored after them, so under a steady load the file grows while
// the first retention period fills and then stays the size one period needs.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <vector>

#include "store/sqlite/sqlite_retention_sql.hpp"
#include "store/sqlite/wal_checkpointer.hpp"
#include "unit/store/store_contract.hpp"

namespace erpbridge::store::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kHourMs = 3600 * 1000;

// The database file's size with every committed page in it (not in the WAL).
std::uintmax_t checkpointed_size(const std::filesystem::path& file) {
  WalCheckpointer checkpointer(file, std::chrono::hours(1));
  while (!checkpointer.checkpoint_now()) std::this_thread::sleep_for(10ms);
  return std::filesystem::file_size(file);
}

// One round of a steady load at the store's clock: `n` events accepted and delivered.
void accept_and_deliver(Store& store, std::int64_t now, int& next_id, int n) {
  std::vector<NewEvent> batch;
  for (int i = 0; i < n; ++i, ++next_id) {
    const auto id = std::to_string(next_id);
    batch.push_back({"t1", "e" + id, "order.created", "order:O" + id, "O" + id,
                     "{\"event_id\":\"e" + id + "\",\"note\":\"" + std::string(900, 'x') + "\"}"});
  }
  store.intake().accept(batch);
  auto claimed = claim(store, now, static_cast<std::size_t>(n), {"t1"});
  std::vector<GroupOutcome> outcomes;
  for (const auto& e : claimed) outcomes.push_back(delivered({e.seq}, 1, "SO" + e.document_id));
  store.outcomes().finish(outcomes);
}

TEST(SqliteRetention, FileStopsGrowingUnderASteadyLoadOnceRowsOutliveTheRetention) {
  erpbridge::testing::TempDir dir;
  const auto file = dir.path() / "store.db";
  std::atomic<std::int64_t> clock{1'800'000'000'000};  // November 2027
  auto store = open_store({file, SyncLevel::normal, [&clock] { return clock.load(); }});
  const std::chrono::days retention(7);

  std::vector<std::uintmax_t> size_after_day;
  int next_id = 0;
  for (int day = 0; day < 24; ++day) {
    for (int round = 0; round < 6; ++round) {  // every 4 hours, as the pruner would
      accept_and_deliver(*store, clock, next_id, 60);
      prune_in_batches(store->retention(), retention_cutoff(clock, retention), 100, 0ms);
      clock += 4 * kHourMs;
    }
    size_after_day.push_back(checkpointed_size(file));
  }

  // The first week keeps everything: the file grows with each day's rows.
  EXPECT_GT(size_after_day[6], size_after_day[0] * 4);
  // From the day the first rows outlived the retention, it stays at one week's size.
  const std::uintmax_t steady = size_after_day[8];
  for (int day = 9; day < 24; ++day)
    EXPECT_LE(size_after_day[day], steady) << "day " << day << " grew the file";
  // ... and what is kept is one retention period of rows, the rest gone.
  EXPECT_FALSE(store->status().find("t1", "e0"));
  EXPECT_TRUE(store->status().find("t1", "e" + std::to_string(next_id - 1)));
}

TEST(SqliteRetention, PruneBatchFindsTheOldestRowsThroughTheDeliveredIndex) {
  erpbridge::testing::TempDir dir;
  open_store({dir.path() / "store.db", SyncLevel::normal});  // creates the schema and index
  SqliteDb db(dir.path() / "store.db");
  auto s = db.prepare(std::string("EXPLAIN QUERY PLAN ") + sql::kPruneDelivered);
  std::string plan;
  while (s.step()) plan += s.column_text(3) + "\n";
  EXPECT_NE(plan.find("outbox_delivered"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

}  // namespace
}  // namespace erpbridge::store::testing
