// The outbox and id map of one SQLite file on one connection (store::open_sqlite_store): a
// delivery's outcome and the ids it created are written together.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "store/id_map.hpp"
#include "store/outbox.hpp"
#include "store/wal_checkpointer.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::store {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

NewEvent claimed_event(const std::string& id, const std::string& entity, const std::string& type) {
  NewEvent e{"t1", id, type, entity, entity.substr(entity.find(':') + 1), "{}"};
  e.claim = true;
  return e;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  erpbridge::testing::TempDir dir_;
  SqliteStore store_ = open_sqlite_store(dir_.path() / "store.db");
};

TEST_F(SqliteStoreTest, DeliveredOrderAndItsLineIdsCommitWithTheOutcome) {
  auto r = store_.outbox->accept({claimed_event("o", "order:ORD-1", "order.created")});
  ASSERT_TRUE(r[0].claimed);
  store_.outbox->mark_delivered(r[0].event.seq, 1, "SO1", "{}",
                                {{EntityKind::order, "ORD-1", "SO1"},
                                 {EntityKind::order_line, order_line_key("ORD-1", "L1"), "10"}});
  EXPECT_EQ(store_.ids->get("t1", EntityKind::order, "ORD-1"), "SO1");
  EXPECT_EQ(store_.ids->find_our_id("t1", EntityKind::order, "SO1"), "ORD-1");
  // Another connection to the file sees them too: they are committed, not cached.
  auto other = open_sqlite_id_map(dir_.path() / "store.db");
  EXPECT_EQ(other->get("t1", EntityKind::order_line, order_line_key("ORD-1", "L1")), "10");
}

TEST_F(SqliteStoreTest, IdsAreWrittenForTheRowsOwnTenant) {
  NewEvent e = claimed_event("c", "customer:cu_1", "customer.created");
  e.tenant = "t2";
  auto r = store_.outbox->accept({e});
  store_.outbox->mark_delivered(r[0].event.seq, 1, "C1", "{}",
                                {{EntityKind::customer, "cu_1", "C1"}});
  EXPECT_EQ(store_.ids->get("t2", EntityKind::customer, "cu_1"), "C1");
  EXPECT_FALSE(store_.ids->get("t1", EntityKind::customer, "cu_1"));
}

TEST_F(SqliteStoreTest, DeliveringAParentMakesTheRowsWaitingForItDue) {
  auto order = store_.outbox->accept({claimed_event("o", "order:ORD-1", "order.created")});
  const auto later = now_ms() + 60'000;
  store_.outbox->release(order[0].event.seq, later, "customer cu_1 has no ERP id yet");
  auto customer = store_.outbox->accept({claimed_event("c", "customer:cu_1", "customer.created")});

  EXPECT_TRUE(store_.outbox->mark_delivered(customer[0].event.seq, 1, "C1", "{}",
                                            {{EntityKind::customer, "cu_1", "C1"}}));
  auto claimed = store_.outbox->claim_ready(now_ms() + 1, 10);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].event_id, "o");
}

TEST_F(SqliteStoreTest, OutcomeWithoutParentIdsLeavesWaitingRowsWaiting) {
  auto order = store_.outbox->accept({claimed_event("o", "order:ORD-1", "order.created")});
  store_.outbox->release(order[0].event.seq, now_ms() + 60'000, "customer cu_1 has no ERP id yet");
  auto cancel = store_.outbox->accept({claimed_event("x", "order:ORD-9", "order.cancelled")});
  EXPECT_FALSE(store_.outbox->mark_delivered(cancel[0].event.seq, 1, std::nullopt, "{}",
                                             {{EntityKind::cancellation, "x", "done"}}));
  EXPECT_TRUE(store_.outbox->claim_ready(now_ms() + 1, 10).empty());
}

TEST_F(SqliteStoreTest, CheckpointerCopiesCommittedEventsIntoTheDatabaseFile) {
  for (int i = 0; i < 20; ++i)
    store_.outbox->accept(
        {claimed_event("e" + std::to_string(i), "order:O" + std::to_string(i), "order.created")});
  ASSERT_TRUE(store_.checkpointer->checkpoint_now());
  // The database file alone, without its WAL, now holds them.
  const auto copy = dir_.path() / "copy" / "store.db";
  std::filesystem::create_directories(copy.parent_path());
  std::filesystem::copy_file(dir_.path() / "store.db", copy);
  EXPECT_EQ(open_sqlite_outbox(copy)->count_by_state().at(0).count, 20);
}

}  // namespace
}  // namespace erpbridge::store
