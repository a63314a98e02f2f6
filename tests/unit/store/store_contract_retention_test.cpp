// The store contract, retention part: which rows a prune removes and which it never touches.
// Instantiated per implementation (sqlite/sqlite_store_test.cpp).
#include <map>
#include <thread>

#include "unit/store/store_contract.hpp"

namespace erpbridge::store::testing {
namespace {

using namespace std::chrono_literals;

NewEvent event(const std::string& tenant, const std::string& id, const std::string& entity) {
  return {tenant,
          id,
          "order.created",
          entity,
          entity.substr(entity.find(':') + 1),
          "{\"id\":\"" + id + "\"}"};
}

TEST_P(StoreContract, PruneRemovesDeliveredRowsDeliveredBeforeTheCutoffOnly) {
  accept({event("t1", "old", "order:1")});
  finish(*store_, delivered({claim_all(*store_)[0].seq}));
  std::this_thread::sleep_for(5ms);
  const auto cutoff = now_ms();
  std::this_thread::sleep_for(5ms);
  accept({event("t1", "young", "order:2")});
  finish(*store_, delivered({claim_all(*store_)[0].seq}));

  EXPECT_EQ(store_->retention().prune_delivered(cutoff, 100), 1u);
  EXPECT_FALSE(find("t1", "old"));
  ASSERT_TRUE(find("t1", "young"));
  EXPECT_EQ(find("t1", "young")->state, EventState::delivered);
}

TEST_P(StoreContract, PruneNeverRemovesDeadInDoubtQueuedOrDeliveringRows) {
  accept({event("t1", "dead", "order:1"), event("t1", "doubt", "order:2"),
          event("t1", "delivering", "order:3")});
  std::map<std::string, std::int64_t> seq;
  for (const auto& e : claim_all(*store_)) seq[e.event_id] = e.seq;
  finish(*store_, dead({seq["dead"]}, 3, LastClass::permanent, "refused"));
  finish(*store_, again(Outcome::in_doubt, {seq["doubt"]}, 1, now_ms() + 60'000,
                        LastClass::in_doubt, "reply lost"));
  accept({event("t1", "queued", "order:4")});

  EXPECT_TRUE(store_->retention().prunable(now_ms() + 1).empty());
  EXPECT_EQ(store_->retention().prune_delivered(now_ms() + 1, 100), 0u);
  EXPECT_EQ(find("t1", "dead")->state, EventState::dead);
  EXPECT_EQ(find("t1", "doubt")->state, EventState::in_doubt);
  EXPECT_EQ(find("t1", "delivering")->state, EventState::delivering);
  EXPECT_EQ(find("t1", "queued")->state, EventState::queued);
  EXPECT_EQ(store_->dead_letters().list("t1", 10).size(), 1u);
}

TEST_P(StoreContract, PruneTakesAtMostItsLimitEarliestDeliveryFirst) {
  // Accepted in one order, delivered in the other: delivery time decides.
  accept({event("t1", "accepted-first", "order:1"), event("t1", "accepted-second", "order:2")});
  std::map<std::string, std::int64_t> seq;
  for (const auto& e : claim_all(*store_)) seq[e.event_id] = e.seq;
  finish(*store_, delivered({seq["accepted-second"]}));
  std::this_thread::sleep_for(5ms);
  finish(*store_, delivered({seq["accepted-first"]}));

  EXPECT_EQ(store_->retention().prune_delivered(now_ms() + 1, 1), 1u);
  EXPECT_FALSE(find("t1", "accepted-second"));
  EXPECT_TRUE(find("t1", "accepted-first"));
}

TEST_P(StoreContract, PrunableCountsWhatAPruneWouldRemoveByTenantAndRemovesNothing) {
  const auto before = now_ms();
  for (const char* id : {"a", "b"}) {
    accept({event("t1", id, std::string("order:") + id)});
    finish(*store_, delivered({claim_all(*store_)[0].seq}));
  }
  accept({event("t2", "c", "order:c")});
  finish(*store_, delivered({claim_all(*store_)[0].seq}));

  const auto rows = store_->retention().prunable(now_ms() + 1);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].tenant, "t1");
  EXPECT_EQ(rows[0].rows, 2);
  EXPECT_EQ(rows[0].payload_bytes,
            2 * static_cast<std::int64_t>(event("t1", "a", "o:a").payload.size()));
  EXPECT_GE(rows[0].oldest_delivered_ms, before);
  EXPECT_LE(rows[0].oldest_delivered_ms, rows[0].newest_delivered_ms);
  EXPECT_EQ(rows[1].tenant, "t2");
  EXPECT_EQ(rows[1].rows, 1);
  EXPECT_TRUE(store_->retention().prunable(before).empty());
  EXPECT_TRUE(find("t1", "a") && find("t1", "b") && find("t2", "c"));
}

TEST_P(StoreContract, PruneKeepsTheIdMapAndThePullCursor) {
  accept({event("t1", "e1", "order:O1")});
  finish(*store_, delivered({claim_all(*store_)[0].seq}, 1, "SO1", "{}",
                            {{EntityKind::order, "O1", "SO1"}}));
  store_->intake().accept_with_cursor({}, "t1", "cursor-7");

  EXPECT_EQ(store_->retention().prune_delivered(now_ms() + 1, 100), 1u);
  EXPECT_FALSE(find("t1", "e1"));
  EXPECT_EQ(store_->ids().get("t1", EntityKind::order, "O1"), "SO1");
  EXPECT_EQ(store_->cursors().pull_cursor("t1"), "cursor-7");
}

TEST_P(StoreContract, PrunedEventIdIsAcceptedAgainAsANewEvent) {
  // The duplicate check lasts as long as the row: the retention is the idempotency window.
  accept({event("t1", "e1", "order:O1")});
  finish(*store_, delivered({claim_all(*store_)[0].seq}));
  store_->retention().prune_delivered(now_ms() + 1, 100);
  const auto again = accept({event("t1", "e1", "order:O1")})[0];
  EXPECT_FALSE(again.duplicate);
  EXPECT_EQ(find("t1", "e1")->state, EventState::queued);
}

TEST_P(StoreContract, PruneInBatchesRemovesEveryOldRowInBatchesOfTheGivenSize) {
  for (int i = 0; i < 7; ++i) {
    const auto n = std::to_string(i);
    accept({event("t1", "e" + n, "order:" + n)});
  }
  std::vector<GroupOutcome> outcomes;
  for (const auto& e : claim_all(*store_)) outcomes.push_back(delivered({e.seq}));
  store_->outcomes().finish(outcomes);

  // A Retention that counts the batches it is asked for, over the store's.
  struct Counting : Retention {
    explicit Counting(Retention& r) : inner(r) {}
    std::vector<PrunableRows> prunable(std::int64_t cutoff) const override {
      return inner.prunable(cutoff);
    }
    std::size_t prune_delivered(std::int64_t cutoff, std::size_t limit) override {
      ++batches;
      return inner.prune_delivered(cutoff, limit);
    }
    Retention& inner;
    int batches = 0;
  } counting(store_->retention());
  EXPECT_EQ(prune_in_batches(counting, now_ms() + 1, 3, 0ms), 7u);
  EXPECT_EQ(counting.batches, 3);  // 3 + 3 + 1: the short batch ends it
  EXPECT_TRUE(store_->retention().prunable(now_ms() + 1).empty());
}

}  // namespace
}  // namespace erpbridge::store::testing
