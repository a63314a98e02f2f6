// The pruner of `serve`: on its own thread, delivered rows go once they outlive the retention
// it reads at each pass; dead letters stay; retention 0 keeps everything. Real SQLite store,
// with both the store's clock and the pruner's moved by the test.
#include "service/outbox_pruner.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/store.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::service {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
constexpr std::int64_t kStart = 1'800'000'000'000;

class OutboxPrunerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::open_store(
        {dir_.path() / "store.db", store::SyncLevel::normal, [] { return kStart; }});
    store_->intake().accept({{"t1", "delivered", "order.created", "order:1", "1", "{}"},
                             {"t1", "dead", "order.created", "order:2", "2", "{}"}});
    auto claimed = store_->claims().claim_ready(kStart, {{"t1", 10}}, 10).events;
    ASSERT_EQ(claimed.size(), 2u);
    for (const auto& e : claimed) {
      store::GroupOutcome o;
      o.seqs = {e.seq};
      o.attempts = 1;
      o.outcome = e.event_id == "dead" ? store::Outcome::dead : store::Outcome::delivered;
      store_->outcomes().finish({o});
    }
  }

  std::unique_ptr<OutboxPruner> start_pruner() {
    return std::make_unique<OutboxPruner>(
        store_->retention(), [this] { return std::chrono::days(retention_days_.load()); },
        [this] { return now_.load(); }, PrunerOptions{5ms, 10, 0ms});
  }

  bool has(const std::string& id) { return store_->status().find("t1", id).has_value(); }

  // Waits for `id` to go, for a few seconds at most.
  bool pruned_soon(const std::string& id) {
    for (int i = 0; i < 500 && has(id); ++i) std::this_thread::sleep_for(10ms);
    return !has(id);
  }

  erpbridge::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::atomic<std::int64_t> now_{kStart};
  std::atomic<int> retention_days_{7};
};

TEST_F(OutboxPrunerTest, DeliveredRowGoesOnceItOutlivesTheRetentionAndTheDeadLetterStays) {
  now_ = kStart + 6 * kDayMs;
  auto pruner = start_pruner();
  std::this_thread::sleep_for(100ms);  // many passes
  EXPECT_TRUE(has("delivered"));
  now_ = kStart + 8 * kDayMs;
  EXPECT_TRUE(pruned_soon("delivered"));
  EXPECT_EQ(store_->status().find("t1", "dead")->state, store::EventState::dead);
}

TEST_F(OutboxPrunerTest, ARetentionChangedWhileRunningAppliesAtTheNextPass) {
  retention_days_ = 30;
  now_ = kStart + 8 * kDayMs;
  auto pruner = start_pruner();
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(has("delivered"));
  retention_days_ = 7;  // as a reload of store.retention_days would
  EXPECT_TRUE(pruned_soon("delivered"));
}

TEST_F(OutboxPrunerTest, RetentionZeroKeepsDeliveredRowsForEver) {
  retention_days_ = 0;
  now_ = kStart + 3650 * kDayMs;
  auto pruner = start_pruner();
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(has("delivered"));
}

}  // namespace
}  // namespace erpbridge::service
