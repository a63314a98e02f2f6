// The store contract, outbox part: accepting, claiming, finishing, dead letters and status,
// through the role interfaces only. Instantiated per implementation
// (sqlite/sqlite_store_test.cpp).
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "unit/store/store_contract.hpp"

namespace erpbridge::store::testing {
namespace {

using namespace std::chrono_literals;

NewEvent event(const std::string& tenant, const std::string& id, const std::string& entity,
               const std::string& type = "order.created") {
  return {tenant,
          id,
          type,
          entity,
          entity.substr(entity.find(':') + 1),
          "{\"event_id\":\"" + id + "\"}"};
}

TEST_P(StoreContract, AcceptedEventIsQueuedDueNowWithNoAttempts) {
  const auto before = now_ms();
  auto r = accept({event("t1", "e1", "order:O1")});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_FALSE(r[0].duplicate);
  EXPECT_GT(r[0].event.seq, 0);
  auto stored = find("t1", "e1");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->seq, r[0].event.seq);
  EXPECT_EQ(stored->state, EventState::queued);
  EXPECT_EQ(stored->attempts, 0);
  EXPECT_EQ(stored->event_type, "order.created");
  EXPECT_EQ(stored->entity_key, "order:O1");
  EXPECT_EQ(stored->document_id, "O1");
  EXPECT_EQ(stored->payload, "{\"event_id\":\"e1\"}");
  EXPECT_GE(stored->accepted_at_ms, before);
  EXPECT_LE(stored->next_attempt_at_ms, now_ms());
  EXPECT_FALSE(stored->erp_id);
}

TEST_P(StoreContract, AcceptReturnsOneResultPerEventInOrderWithRisingSeq) {
  auto r = accept({event("t1", "a", "order:1"), event("t1", "b", "order:2"),
                   event("t2", "c", "customer:3", "customer.created")});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].event.event_id, "a");
  EXPECT_EQ(r[2].event.event_id, "c");
  EXPECT_LT(r[0].event.seq, r[1].event.seq);
  EXPECT_LT(r[1].event.seq, r[2].event.seq);
}

TEST_P(StoreContract, RepeatedEventIdIsADuplicateCarryingTheStoredEvent) {
  auto first = accept({event("t1", "e1", "order:O1")})[0];
  claim(*store_, now_ms() + 1, 10);
  auto again = accept({event("t1", "e1", "order:O-other")})[0];
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.event.seq, first.event.seq);
  EXPECT_EQ(again.event.entity_key, "order:O1");  // the stored one, not the new one
  EXPECT_EQ(again.event.state, EventState::delivering);
}

TEST_P(StoreContract, RepeatWithinOneBatchIsADuplicateOfTheFirst) {
  auto r = accept({event("t1", "e1", "order:O1"), event("t1", "e1", "order:O1")});
  EXPECT_FALSE(r[0].duplicate);
  EXPECT_TRUE(r[1].duplicate);
  EXPECT_EQ(r[1].event.seq, r[0].event.seq);
  EXPECT_EQ(claim_all(*store_).size(), 1u);
}

TEST_P(StoreContract, SameEventIdInAnotherTenantIsAnotherEvent) {
  auto r = accept({event("t1", "e1", "order:O1"), event("t2", "e1", "order:O1")});
  EXPECT_FALSE(r[1].duplicate);
  EXPECT_NE(r[0].event.seq, r[1].event.seq);
  EXPECT_FALSE(find("t3", "e1"));
}

TEST_P(StoreContract, ClaimTakesOnlyTheHeadOfEachLane) {
  accept({event("t1", "create", "order:O1"), event("t1", "cancel", "order:O1", "order.cancelled"),
          event("t1", "other", "order:O2"), event("t2", "same-entity", "order:O1")});
  auto claimed = claim_all(*store_);
  EXPECT_EQ(event_ids(claimed), (std::set<std::string>{"create", "other", "same-entity"}));
  for (const auto& e : claimed) EXPECT_EQ(e.state, EventState::queued);
  EXPECT_EQ(find("t1", "create")->state, EventState::delivering);
  EXPECT_EQ(find("t1", "cancel")->state, EventState::queued);
}

TEST_P(StoreContract, LaneWithADeliveringEventYieldsNothingUntilItIsDone) {
  accept({event("t1", "create", "order:O1")});
  auto create = claim_all(*store_);
  ASSERT_EQ(create.size(), 1u);
  accept({event("t1", "cancel", "order:O1", "order.cancelled")});
  EXPECT_TRUE(claim_all(*store_).empty());
  finish(*store_, delivered({create[0].seq}, 1, "SO1", "{}"));
  EXPECT_EQ(event_ids(claim_all(*store_)), std::set<std::string>{"cancel"});
}

TEST_P(StoreContract, EventArrivingAfterItsLaneEmptiedIsClaimable) {
  accept({event("t1", "create", "order:O1")});
  finish(*store_, delivered({claim_all(*store_)[0].seq}, 1, "SO1", "{}"));
  accept({event("t1", "cancel", "order:O1", "order.cancelled")});
  EXPECT_EQ(event_ids(claim_all(*store_)), std::set<std::string>{"cancel"});
}

TEST_P(StoreContract, DeliveredHeadLetsTheNextEventOfItsLaneGo) {
  accept({event("t1", "create", "order:O1"), event("t1", "cancel", "order:O1", "order.cancelled"),
          event("t1", "return", "order:O1", "order.returned")});
  auto first = claim_all(*store_);
  ASSERT_EQ(event_ids(first), std::set<std::string>{"create"});
  finish(*store_, delivered({first[0].seq}, 1, "SO1", "{\"class\":\"ok\"}"));
  auto second = claim_all(*store_);
  ASSERT_EQ(event_ids(second), std::set<std::string>{"cancel"});
  finish(*store_, delivered({second[0].seq}, 1, std::nullopt, "{}"));
  EXPECT_EQ(event_ids(claim_all(*store_)), std::set<std::string>{"return"});
}

TEST_P(StoreContract, DeadEventDoesNotBlockItsLane) {
  accept({event("t1", "create", "order:O1"), event("t1", "cancel", "order:O1", "order.cancelled")});
  auto first = claim_all(*store_);
  finish(*store_,
         dead({first[0].seq}, 3, LastClass::permanent, "rejected", "{\"class\":\"permanent\"}"));
  EXPECT_EQ(event_ids(claim_all(*store_)), std::set<std::string>{"cancel"});
}

TEST_P(StoreContract, ClaimedRowIsNeverClaimedAgain) {
  accept({event("t1", "e1", "order:O1")});
  EXPECT_EQ(claim_all(*store_).size(), 1u);
  EXPECT_TRUE(claim_all(*store_).empty());
}

TEST_P(StoreContract, RowNotYetDueIsNotClaimedAndItsTimeIsReported) {
  accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*store_);
  const auto later = now_ms() + 60'000;
  finish(*store_, again(Outcome::retry, {claimed[0].seq}, 1, later, LastClass::retryable, "503"));
  auto result = store_->claims().claim_ready(now_ms(), {TenantQuota{"t1", 10}}, 1000);
  EXPECT_TRUE(result.events.empty());
  EXPECT_EQ(result.next_due_ms, later);
  EXPECT_EQ(store_->claims().claim_ready(later, {TenantQuota{"t1", 10}}, 1000).events.size(), 1u);
}

TEST_P(StoreContract, ClaimTakesAtMostTheLimitEarliestDueFirst) {
  for (int i = 0; i < 5; ++i)
    accept({event("t1", "e" + std::to_string(i), "order:" + std::to_string(i))});
  auto claimed = claim(*store_, now_ms() + 1, 2, {"t1"});
  EXPECT_EQ(event_ids(claimed), (std::set<std::string>{"e0", "e1"}));
}

TEST_P(StoreContract, QuotaLimitsEachTenantSeparately) {
  for (int i = 0; i < 4; ++i) {
    const auto n = std::to_string(i);
    accept({event("busy", "b" + n, "order:" + n), event("calm", "c" + n, "order:" + n)});
  }
  auto result =
      store_->claims().claim_ready(now_ms() + 1, {TenantQuota{"busy", 1}, {"calm", 3}}, 1000);
  int busy = 0, calm = 0;
  for (const auto& e : result.events) (e.tenant == "busy" ? busy : calm)++;
  EXPECT_EQ(busy, 1);
  EXPECT_EQ(calm, 3);
}

TEST_P(StoreContract, TotalLimitCapsAClaimTakingTenantsInTheGivenOrder) {
  for (int i = 0; i < 3; ++i) {
    const auto n = std::to_string(i);
    accept({event("first", "f" + n, "order:" + n), event("second", "s" + n, "order:" + n)});
  }
  auto result = store_->claims().claim_ready(
      now_ms() + 1, {TenantQuota{"idle", 5}, {"first", 2}, {"second", 2}}, 3);
  ASSERT_EQ(result.events.size(), 3u);
  int first = 0;
  for (const auto& e : result.events) first += e.tenant == "first";
  EXPECT_EQ(first, 2);  // a tenant with nothing due uses none of the total
}

TEST_P(StoreContract, ZeroQuotaClaimsNothingButReportsWhenWorkIsDue) {
  accept({event("t1", "e1", "order:O1")});
  auto result = store_->claims().claim_ready(now_ms() - 60'000, {TenantQuota{"t1", 0}}, 1000);
  EXPECT_TRUE(result.events.empty());
  EXPECT_TRUE(result.next_due_ms);
  EXPECT_EQ(find("t1", "e1")->state, EventState::queued);
}

TEST_P(StoreContract, InDoubtRowIsClaimedWithItsInDoubtState) {
  accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*store_);
  finish(*store_,
         again(Outcome::in_doubt, {claimed[0].seq}, 1, 0, LastClass::in_doubt, "reply lost"));
  auto again = claim_all(*store_);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].state, EventState::in_doubt);
  EXPECT_EQ(again[0].attempts, 1);
  EXPECT_EQ(find("t1", "e1")->state, EventState::delivering);
}

TEST_P(StoreContract, RescheduleRecordsAttemptsTimeAndReason) {
  accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*store_);
  finish(*store_,
         again(Outcome::retry, {claimed[0].seq}, 2, 12345, LastClass::retryable, "HTTP 503"));
  auto row = find("t1", "e1");
  EXPECT_EQ(row->state, EventState::queued);
  EXPECT_EQ(row->attempts, 2);
  EXPECT_EQ(row->next_attempt_at_ms, 12345);
  EXPECT_EQ(row->last_class, LastClass::retryable);
  EXPECT_EQ(row->last_error, "HTTP 503");
}

TEST_P(StoreContract, ReleaseRestoresTheClaimedStateWithoutCountingAnAttempt) {
  accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*store_);
  finish(*store_, again(Outcome::in_doubt, {claimed[0].seq}, 3, 0, LastClass::in_doubt, "timeout"));
  claimed = claim_all(*store_);
  finish(*store_, put_back({claimed[0].seq}, 777, ""));
  auto row = find("t1", "e1");
  EXPECT_EQ(row->state, EventState::in_doubt);
  EXPECT_EQ(row->attempts, 3);
  EXPECT_EQ(row->next_attempt_at_ms, 777);
  EXPECT_EQ(row->last_class, LastClass::in_doubt);  // an empty note keeps the last reason
  EXPECT_EQ(row->last_error, "timeout");
}

TEST_P(StoreContract, ReleaseWithANoteMarksTheRowWaiting) {
  accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*store_);
  finish(*store_, put_back({claimed[0].seq}, 777, "customer cu_1 has no ERP id yet"));
  auto row = find("t1", "e1");
  EXPECT_EQ(row->state, EventState::queued);
  EXPECT_EQ(row->attempts, 0);
  EXPECT_EQ(row->last_class, LastClass::waiting);
  EXPECT_EQ(row->last_error, "customer cu_1 has no ERP id yet");
}

NewEvent claiming(NewEvent e) {
  e.claim = true;
  return e;
}

TEST_P(StoreContract, ClaimAtAcceptTakesTheRowOnlyWhenItsLaneIsFree) {
  auto first = accept({claiming(event("t1", "create", "order:O1"))});
  ASSERT_TRUE(first[0].claimed);
  EXPECT_EQ(first[0].event.state, EventState::queued) << "the state before the claim";
  EXPECT_EQ(find("t1", "create")->state, EventState::delivering);

  auto behind = accept({claiming(event("t1", "cancel", "order:O1", "order.cancelled"))});
  EXPECT_FALSE(behind[0].claimed) << "its lane has a delivering row";
  EXPECT_EQ(find("t1", "cancel")->state, EventState::queued);
  EXPECT_TRUE(claim_all(*store_).empty()) << "nothing in a busy lane may be claimed";

  finish(*store_, delivered({first[0].event.seq}, 1, "SO1", "{}"));
  EXPECT_EQ(event_ids(claim_all(*store_)), std::set<std::string>{"cancel"});
}

TEST_P(StoreContract, ClaimAtAcceptInOneBatchTakesOnlyTheFirstOfALane) {
  auto r = accept({claiming(event("t1", "create", "order:O1")),
                   claiming(event("t1", "cancel", "order:O1", "order.cancelled")),
                   claiming(event("t1", "other", "order:O2"))});
  EXPECT_TRUE(r[0].claimed);
  EXPECT_FALSE(r[1].claimed);
  EXPECT_TRUE(r[2].claimed);
}

TEST_P(StoreContract, DuplicateIsNeverClaimedAtAccept) {
  accept({event("t1", "e1", "order:O1")});
  auto again = accept({claiming(event("t1", "e1", "order:O1"))});
  EXPECT_TRUE(again[0].duplicate);
  EXPECT_FALSE(again[0].claimed);
  EXPECT_EQ(find("t1", "e1")->state, EventState::queued);
}

TEST_P(StoreContract, RowsClaimedAtAcceptAreInDoubtAfterACrash) {
  accept({claiming(event("t1", "e1", "order:O1"))});
  EXPECT_EQ(store_->claims().recover_interrupted(), 1u);
  EXPECT_EQ(find("t1", "e1")->state, EventState::in_doubt);
}

TEST_P(StoreContract, FinishingARowSaysWhetherItsLaneHasANextRow) {
  auto r = accept({claiming(event("t1", "create", "order:O1")),
                   event("t1", "cancel", "order:O1", "order.cancelled"),
                   claiming(event("t1", "alone", "order:O2"))});
  EXPECT_TRUE(finish(*store_, delivered({r[0].event.seq}, 1, "SO1", "{}")));
  EXPECT_FALSE(finish(*store_, dead({r[2].event.seq}, 1, LastClass::permanent, "no", "{}")));
}

TEST_P(StoreContract, SeveralOutcomesFinishInOneCallEachAsItsOwnWould) {
  auto r = accept({claiming(event("t1", "create", "order:O1")),
                   event("t1", "cancel", "order:O1", "order.cancelled"),
                   claiming(event("t1", "alone", "order:O2")),
                   claiming(event("t1", "fails", "order:O3"))});
  const auto later = now_ms() + 60'000;
  auto ready = store_->outcomes().finish(
      {delivered({r[0].event.seq}, 1, "SO1"), delivered({r[2].event.seq}, 2, "SO2"),
       again(Outcome::retry, {r[3].event.seq}, 1, later, LastClass::retryable, "HTTP 503")});
  EXPECT_EQ(ready, (std::vector<bool>{true, false, false}));
  EXPECT_EQ(find("t1", "create")->erp_id, "SO1");
  EXPECT_EQ(find("t1", "alone")->state, EventState::delivered);
  EXPECT_EQ(find("t1", "alone")->attempts, 2);
  EXPECT_EQ(find("t1", "fails")->state, EventState::queued);
  EXPECT_EQ(event_ids(claim_all(*store_)), std::set<std::string>{"cancel"});
}

TEST_P(StoreContract, DeliveredParentMakesOnlyItsTenantsWaitingRowsDue) {
  accept({event("t1", "waits", "order:O1"), event("t1", "retries", "order:O2"),
          event("t2", "waits-too", "order:O1")});
  const auto later = now_ms() + 60'000;
  for (const auto& e : claim_all(*store_)) {
    if (e.event_id == "retries")
      finish(*store_, again(Outcome::retry, {e.seq}, 1, later, LastClass::retryable, "503"));
    else
      finish(*store_, put_back({e.seq}, later, "customer cu_1 has no ERP id yet"));
  }
  auto customer = accept({claiming(event("t1", "c", "customer:cu_1", "customer.created"))});
  ASSERT_TRUE(customer[0].claimed);
  EXPECT_TRUE(finish(*store_, delivered({customer[0].event.seq}, 1, "C1", "{}",
                                        {{EntityKind::customer, "cu_1", "C1"}})));
  EXPECT_EQ(event_ids(claim(*store_, now_ms() + 1, 10)), std::set<std::string>{"waits"});
}

TEST_P(StoreContract, OutcomeWithoutParentIdsLeavesWaitingRowsWaiting) {
  auto order = accept({claiming(event("t1", "o", "order:ORD-1"))});
  finish(*store_, put_back({order[0].event.seq}, now_ms() + 60'000, "customer cu_1 has no ERP id"));
  auto cancel = accept({claiming(event("t1", "x", "order:ORD-9", "order.cancelled"))});
  EXPECT_FALSE(finish(*store_, delivered({cancel[0].event.seq}, 1, std::nullopt, "{}",
                                         {{EntityKind::cancellation, "x", "done"}})));
  EXPECT_TRUE(claim_all(*store_).empty());
}

TEST_P(StoreContract, DeliveredRowKeepsItsErpIdAndResult) {
  accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*store_);
  finish(*store_, delivered({claimed[0].seq}, 1, "SO000001", "{\"class\":\"ok\"}"));
  auto row = find("t1", "e1");
  EXPECT_EQ(row->state, EventState::delivered);
  EXPECT_EQ(row->attempts, 1);
  EXPECT_EQ(row->erp_id, "SO000001");
  EXPECT_EQ(row->result_json, "{\"class\":\"ok\"}");
  EXPECT_TRUE(claim_all(*store_).empty());
}

TEST_P(StoreContract, DeadLettersAreListedNewestFirstPerTenant) {
  accept({event("t1", "old", "order:1"), event("t1", "new", "order:2"),
          event("t2", "other", "order:3")});
  auto claimed = claim_all(*store_);
  for (const char* id : {"old", "other", "new"}) {
    for (const auto& e : claimed)
      if (e.event_id == id)
        finish(*store_, dead({e.seq}, 10, LastClass::retryable, "HTTP 503", "{}"));
    std::this_thread::sleep_for(5ms);  // distinct times
  }
  auto dead = store_->dead_letters().list("t1", 10);
  ASSERT_EQ(dead.size(), 2u);
  EXPECT_EQ(dead[0].event_id, "new");
  EXPECT_EQ(dead[1].event_id, "old");
  EXPECT_EQ(dead[0].state, EventState::dead);
  EXPECT_EQ(dead[0].attempts, 10);
  EXPECT_EQ(dead[0].last_error, "HTTP 503");
  EXPECT_EQ(store_->dead_letters().list("", 10).size(), 3u);
  EXPECT_EQ(store_->dead_letters().list("", 1).size(), 1u);
}

TEST_P(StoreContract, ReplayRequeuesADeadLetterWithFreshAgeAndNoAttempts) {
  accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*store_);
  finish(*store_, dead({claimed[0].seq}, 10, LastClass::retryable, "HTTP 503", "{}"));
  const auto now = now_ms() + 5000;
  EXPECT_TRUE(store_->dead_letters().replay("t1", "e1", now));
  auto row = find("t1", "e1");
  EXPECT_EQ(row->state, EventState::queued);
  EXPECT_EQ(row->attempts, 0);
  EXPECT_EQ(row->accepted_at_ms, now);
  EXPECT_EQ(row->next_attempt_at_ms, now);
  EXPECT_EQ(claim(*store_, now, 10).size(), 1u);
  EXPECT_TRUE(store_->dead_letters().list("t1", 10).empty());
}

TEST_P(StoreContract, ReplayRefusesAnEventThatIsNotDead) {
  accept({event("t1", "e1", "order:O1")});
  EXPECT_FALSE(store_->dead_letters().replay("t1", "e1", now_ms()));
  EXPECT_FALSE(store_->dead_letters().replay("t1", "missing", now_ms()));
  EXPECT_FALSE(store_->dead_letters().replay("t2", "e1", now_ms()));
}

TEST_P(StoreContract, ReplayedEventWaitsWhileALaterEventOfItsLaneIsDelivering) {
  accept({event("t1", "create", "order:O1"), event("t1", "cancel", "order:O1", "order.cancelled")});
  auto create = claim_all(*store_);
  finish(*store_, dead({create[0].seq}, 10, LastClass::retryable, "503", "{}"));
  auto cancel = claim_all(*store_);
  ASSERT_EQ(event_ids(cancel), std::set<std::string>{"cancel"});
  ASSERT_TRUE(store_->dead_letters().replay("t1", "create", now_ms()));
  EXPECT_TRUE(claim_all(*store_).empty());  // the cancel is still in flight
  finish(*store_, put_back({cancel[0].seq}, 0, "order O1 has no ERP id yet"));
  // The replayed create is now the lane's head again, before the cancel.
  EXPECT_EQ(event_ids(claim_all(*store_)), std::set<std::string>{"create"});
}

TEST_P(StoreContract, RecoverInterruptedTurnsDeliveringRowsInDoubt) {
  accept({event("t1", "flying", "order:1"), event("t1", "waiting", "order:1"),
          event("t1", "idle", "order:2")});
  auto claimed = claim(*store_, now_ms() + 1, 1);
  ASSERT_EQ(event_ids(claimed), std::set<std::string>{"flying"});
  auto after_crash = reopen();
  EXPECT_EQ(after_crash->claims().recover_interrupted(), 1u);
  EXPECT_EQ(after_crash->status().find("t1", "flying")->state, EventState::in_doubt);
  EXPECT_EQ(after_crash->status().find("t1", "waiting")->state, EventState::queued);
  EXPECT_EQ(after_crash->status().find("t1", "idle")->state, EventState::queued);
  auto again = claim(*after_crash, now_ms() + 1, 10);
  EXPECT_EQ(event_ids(again), (std::set<std::string>{"flying", "idle"}));
}

TEST_P(StoreContract, CountByStateGivesQueueDepthPerTenant) {
  accept({event("t1", "a", "order:1"), event("t1", "b", "order:2"), event("t1", "c", "order:3"),
          event("t2", "d", "order:1")});
  auto claimed = store_->claims().claim_ready(now_ms() + 1, {TenantQuota{"t1", 2}}, 1000);
  finish(*store_, dead({claimed.events[0].seq}, 1, LastClass::permanent, "no", "{}"));
  std::map<std::string, std::int64_t> counts;  // "tenant/state" -> count
  for (const auto& c : store_->status().count_by_state())
    counts[c.tenant + "/" + to_string(c.state)] = c.count;
  EXPECT_EQ(counts, (std::map<std::string, std::int64_t>{
                        {"t1/queued", 1}, {"t1/delivering", 1}, {"t1/dead", 1}, {"t2/queued", 1}}));
}

TEST_P(StoreContract, AcceptedEventsSurviveReopening) {
  accept({event("t1", "e1", "order:O1")});
  store_.reset();
  auto reopened = reopen();
  ASSERT_TRUE(reopened->status().find("t1", "e1"));
  EXPECT_TRUE(reopened->intake().accept({event("t1", "e1", "order:O1")})[0].duplicate);
}

TEST_P(StoreContract, ConcurrentClaimersNeverGetTheSameRow) {
  std::vector<NewEvent> batch;
  for (int i = 0; i < 300; ++i)
    batch.push_back(event("t1", "e" + std::to_string(i), "order:" + std::to_string(i)));
  accept(batch);
  auto second = reopen();  // like another host sharing the store
  std::vector<std::int64_t> a, b;
  auto drain = [](Store& s, std::vector<std::int64_t>& got) {
    for (;;) {
      auto claimed = claim(s, now_ms() + 1, 7, {"t1"});
      if (claimed.empty()) return;
      for (const auto& e : claimed) got.push_back(e.seq);
    }
  };
  std::thread ta([&] { drain(*store_, a); });
  std::thread tb([&] { drain(*second, b); });
  ta.join();
  tb.join();
  std::set<std::int64_t> all(a.begin(), a.end());
  all.insert(b.begin(), b.end());
  EXPECT_EQ(a.size() + b.size(), 300u);
  EXPECT_EQ(all.size(), 300u);
}

}  // namespace
}  // namespace erpbridge::store::testing
