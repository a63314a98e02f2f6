// The store contract, sync-back part (docs/sync-back.md): the pull cursor committed with the
// pulled rows, and a claimed lane head finished together with the rows queued behind it.
// Instantiated per implementation with the rest of the contract (sqlite/sqlite_store_test.cpp).
#include <chrono>
#include <set>

#include "unit/store/store_contract.hpp"

namespace erpbridge::store::testing {
namespace {

NewEvent change(const std::string& tenant, const std::string& id, const std::string& type,
                const std::string& lane = "commerceup:inventory") {
  return {tenant, id, type, lane, id, "{\"sku\":\"" + id + "\",\"quantity\":1}"};
}

NewEvent stock(const std::string& id, const std::string& tenant = "t1") {
  return change(tenant, id, "commerceup.inventory");
}

NewEvent delta(const std::string& id, const std::string& tenant = "t1") {
  return change(tenant, id, "commerceup.inventory_delta");
}

std::vector<std::string> ids(const std::vector<OutboxEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.event_id);
  return out;
}

std::vector<std::int64_t> seqs(const OutboxEvent& head, const std::vector<OutboxEvent>& rest) {
  std::vector<std::int64_t> out{head.seq};
  for (const auto& e : rest) out.push_back(e.seq);
  return out;
}

TEST_P(StoreContract, PullCursorIsAbsentUntilStoredAndKeptPerTenant) {
  EXPECT_FALSE(store_->cursors().pull_cursor("t1"));
  store_->intake().accept_with_cursor({stock("a")}, "t1", "c-1");
  store_->intake().accept_with_cursor({}, "t2", "other");
  EXPECT_EQ(store_->cursors().pull_cursor("t1"), "c-1");
  EXPECT_EQ(store_->cursors().pull_cursor("t2"), "other");
  store_->intake().accept_with_cursor({stock("b")}, "t1", "c-2");
  EXPECT_EQ(store_->cursors().pull_cursor("t1"), "c-2");
}

TEST_P(StoreContract, AcceptWithCursorStoresTheRowsLikeAccept) {
  auto r = store_->intake().accept_with_cursor({stock("a"), stock("a"), stock("b")}, "t1", "c-1");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_FALSE(r[0].duplicate);
  EXPECT_TRUE(r[1].duplicate);
  EXPECT_EQ(find("t1", "b")->state, EventState::queued);
}

TEST_P(StoreContract, PullCursorSurvivesReopeningWithItsRows) {
  store_->intake().accept_with_cursor({stock("a")}, "t1", "c-7");
  store_.reset();
  auto reopened = reopen();
  EXPECT_EQ(reopened->cursors().pull_cursor("t1"), "c-7");
  EXPECT_TRUE(reopened->status().find("t1", "a"));
}

TEST_P(StoreContract, FollowersAreTheConsecutiveQueuedRowsOfTheHeadsType) {
  accept({stock("s1"), stock("s2"), stock("s3"), delta("d1"), stock("s4")});
  auto claimed = claim_all(*store_);
  ASSERT_EQ(ids(claimed), std::vector<std::string>{"s1"});
  EXPECT_EQ(ids(store_->claims().lane_followers(claimed[0], 10)),
            (std::vector<std::string>{"s2", "s3"}));
  EXPECT_EQ(ids(store_->claims().lane_followers(claimed[0], 1)), std::vector<std::string>{"s2"});
  EXPECT_EQ(find("t1", "s2")->state, EventState::queued);
}

TEST_P(StoreContract, FollowersStayInTheirTenantAndLane) {
  accept({stock("s1"), stock("x", "t2"), change("t1", "o1", "commerceup.inventory", "l2"),
          stock("s2")});
  auto head = claim(*store_, now_ms() + 1, 1, {"t1"});
  ASSERT_EQ(ids(head), std::vector<std::string>{"s1"});
  EXPECT_EQ(ids(store_->claims().lane_followers(head[0], 10)), std::vector<std::string>{"s2"});
}

TEST_P(StoreContract, NothingOfALaneIsClaimedWhileItsHeadDeliversWithFollowers) {
  accept({stock("s1"), stock("s2")});
  auto head = claim_all(*store_);
  ASSERT_EQ(head.size(), 1u);
  ASSERT_EQ(store_->claims().lane_followers(head[0], 10).size(), 1u);
  accept({stock("s3")});
  EXPECT_TRUE(claim_all(*store_).empty());
}

TEST_P(StoreContract, GroupDeliveredFinishesHeadAndFollowersAndFreesTheLane) {
  accept({stock("s1"), stock("s2"), delta("d1")});
  auto head = claim_all(*store_);
  auto rest = store_->claims().lane_followers(head[0], 10);
  finish(*store_, delivered(seqs(head[0], rest), 1, std::nullopt, "{\"class\":\"ok\"}"));
  for (const char* id : {"s1", "s2"}) {
    auto row = find("t1", id);
    EXPECT_EQ(row->state, EventState::delivered) << id;
    EXPECT_EQ(row->attempts, 1) << id;
    EXPECT_EQ(row->result_json, "{\"class\":\"ok\"}") << id;
  }
  EXPECT_EQ(ids(claim_all(*store_)), std::vector<std::string>{"d1"});
}

TEST_P(StoreContract, GroupRescheduledWaitsTogetherAndComesBackWithTheSameFollowers) {
  accept({stock("s1"), stock("s2")});
  auto head = claim_all(*store_);
  auto rest = store_->claims().lane_followers(head[0], 10);
  finish(*store_, again(Outcome::in_doubt, seqs(head[0], rest), 1, now_ms() - 1,
                        LastClass::in_doubt, "no reply"));
  EXPECT_EQ(find("t1", "s2")->attempts, 1);
  EXPECT_EQ(find("t1", "s2")->last_class, LastClass::in_doubt);
  auto again = claim_all(*store_);
  ASSERT_EQ(ids(again), std::vector<std::string>{"s1"});
  EXPECT_EQ(again[0].state, EventState::in_doubt);
  EXPECT_EQ(ids(store_->claims().lane_followers(again[0], 10)), std::vector<std::string>{"s2"});
}

TEST_P(StoreContract, GroupDeadBecomesDeadLettersAndFreesTheLane) {
  accept({delta("d1"), delta("d2"), stock("s1")});
  auto head = claim_all(*store_);
  auto rest = store_->claims().lane_followers(head[0], 10);
  ASSERT_EQ(rest.size(), 1u);
  finish(*store_, dead(seqs(head[0], rest), 1, LastClass::in_doubt, "may have been applied"));
  std::set<std::string> dead;
  for (const auto& e : store_->dead_letters().list("t1", 10)) dead.insert(e.event_id);
  EXPECT_EQ(dead, (std::set<std::string>{"d1", "d2"}));
  EXPECT_EQ(find("t1", "d2")->last_class, LastClass::in_doubt);
  EXPECT_EQ(ids(claim_all(*store_)), std::vector<std::string>{"s1"});
}

}  // namespace
}  // namespace erpbridge::store::testing
