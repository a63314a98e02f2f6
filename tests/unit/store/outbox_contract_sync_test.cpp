// The outbox contract, sync-back part (docs/sync-back.md): the pull cursor committed with the
// pulled rows, and a claimed lane head finished together with the rows queued behind it.
// Instantiated per implementation with the rest of the contract (sqlite_outbox_test.cpp).
#include <chrono>
#include <set>

#include "unit/store/outbox_contract.hpp"

namespace erpbridge::store::testing {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

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

std::vector<OutboxEvent> claim_all(Outbox& o) {
  return o.claim_ready(now_ms() + 1, 1000);
}

TEST_P(OutboxContract, PullCursorIsAbsentUntilStoredAndKeptPerTenant) {
  EXPECT_FALSE(outbox_->pull_cursor("t1"));
  outbox_->accept_with_cursor({stock("a")}, "t1", "c-1");
  outbox_->accept_with_cursor({}, "t2", "other");
  EXPECT_EQ(outbox_->pull_cursor("t1"), "c-1");
  EXPECT_EQ(outbox_->pull_cursor("t2"), "other");
  outbox_->accept_with_cursor({stock("b")}, "t1", "c-2");
  EXPECT_EQ(outbox_->pull_cursor("t1"), "c-2");
}

TEST_P(OutboxContract, AcceptWithCursorStoresTheRowsLikeAccept) {
  auto r = outbox_->accept_with_cursor({stock("a"), stock("a"), stock("b")}, "t1", "c-1");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_FALSE(r[0].duplicate);
  EXPECT_TRUE(r[1].duplicate);
  EXPECT_EQ(outbox_->find("t1", "b")->state, EventState::queued);
}

TEST_P(OutboxContract, PullCursorSurvivesReopeningWithItsRows) {
  outbox_->accept_with_cursor({stock("a")}, "t1", "c-7");
  outbox_.reset();
  auto reopened = reopen();
  EXPECT_EQ(reopened->pull_cursor("t1"), "c-7");
  EXPECT_TRUE(reopened->find("t1", "a"));
}

TEST_P(OutboxContract, FollowersAreTheConsecutiveQueuedRowsOfTheHeadsType) {
  outbox_->accept({stock("s1"), stock("s2"), stock("s3"), delta("d1"), stock("s4")});
  auto claimed = claim_all(*outbox_);
  ASSERT_EQ(ids(claimed), std::vector<std::string>{"s1"});
  EXPECT_EQ(ids(outbox_->lane_followers(claimed[0], 10)), (std::vector<std::string>{"s2", "s3"}));
  EXPECT_EQ(ids(outbox_->lane_followers(claimed[0], 1)), std::vector<std::string>{"s2"});
  EXPECT_EQ(outbox_->find("t1", "s2")->state, EventState::queued);
}

TEST_P(OutboxContract, FollowersStayInTheirTenantAndLane) {
  outbox_->accept({stock("s1"), stock("x", "t2"), change("t1", "o1", "commerceup.inventory", "l2"),
                   stock("s2")});
  auto head = outbox_->claim_ready(now_ms() + 1, {TenantQuota{"t1", 1}}, 1).events;
  ASSERT_EQ(ids(head), std::vector<std::string>{"s1"});
  EXPECT_EQ(ids(outbox_->lane_followers(head[0], 10)), std::vector<std::string>{"s2"});
}

TEST_P(OutboxContract, NothingOfALaneIsClaimedWhileItsHeadDeliversWithFollowers) {
  outbox_->accept({stock("s1"), stock("s2")});
  auto head = claim_all(*outbox_);
  ASSERT_EQ(head.size(), 1u);
  ASSERT_EQ(outbox_->lane_followers(head[0], 10).size(), 1u);
  outbox_->accept({stock("s3")});
  EXPECT_TRUE(claim_all(*outbox_).empty());
}

TEST_P(OutboxContract, GroupDeliveredFinishesHeadAndFollowersAndFreesTheLane) {
  outbox_->accept({stock("s1"), stock("s2"), delta("d1")});
  auto head = claim_all(*outbox_);
  auto rest = outbox_->lane_followers(head[0], 10);
  outbox_->mark_group_delivered(seqs(head[0], rest), 1, "{\"class\":\"ok\"}");
  for (const char* id : {"s1", "s2"}) {
    auto row = outbox_->find("t1", id);
    EXPECT_EQ(row->state, EventState::delivered) << id;
    EXPECT_EQ(row->attempts, 1) << id;
    EXPECT_EQ(row->result_json, "{\"class\":\"ok\"}") << id;
  }
  EXPECT_EQ(ids(claim_all(*outbox_)), std::vector<std::string>{"d1"});
}

TEST_P(OutboxContract, GroupRescheduledWaitsTogetherAndComesBackWithTheSameFollowers) {
  outbox_->accept({stock("s1"), stock("s2")});
  auto head = claim_all(*outbox_);
  auto rest = outbox_->lane_followers(head[0], 10);
  outbox_->reschedule_group(seqs(head[0], rest), EventState::in_doubt, 1, now_ms() - 1, "in_doubt",
                            "no reply");
  EXPECT_EQ(outbox_->find("t1", "s2")->attempts, 1);
  EXPECT_EQ(outbox_->find("t1", "s2")->last_class, "in_doubt");
  auto again = claim_all(*outbox_);
  ASSERT_EQ(ids(again), std::vector<std::string>{"s1"});
  EXPECT_EQ(again[0].state, EventState::in_doubt);
  EXPECT_EQ(ids(outbox_->lane_followers(again[0], 10)), std::vector<std::string>{"s2"});
}

TEST_P(OutboxContract, GroupDeadBecomesDeadLettersAndFreesTheLane) {
  outbox_->accept({delta("d1"), delta("d2"), stock("s1")});
  auto head = claim_all(*outbox_);
  auto rest = outbox_->lane_followers(head[0], 10);
  ASSERT_EQ(rest.size(), 1u);
  outbox_->mark_group_dead(seqs(head[0], rest), 1, "in_doubt", "may have been applied", "{}");
  std::set<std::string> dead;
  for (const auto& e : outbox_->dead_letters("t1", 10)) dead.insert(e.event_id);
  EXPECT_EQ(dead, (std::set<std::string>{"d1", "d2"}));
  EXPECT_EQ(outbox_->find("t1", "d2")->last_class, "in_doubt");
  EXPECT_EQ(ids(claim_all(*outbox_)), std::vector<std::string>{"s1"});
}

}  // namespace
}  // namespace erpbridge::store::testing
