// The outbox contract: what every store::Outbox implementation must do, whatever it is
// built on. Instantiated per implementation (sqlite_outbox_test.cpp).
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "unit/store/outbox_contract.hpp"

namespace erpbridge::store::testing {
namespace {

using namespace std::chrono_literals;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

NewEvent event(const std::string& tenant, const std::string& id, const std::string& entity,
               const std::string& type = "order.created") {
  return {tenant,
          id,
          type,
          entity,
          entity.substr(entity.find(':') + 1),
          "{\"event_id\":\"" + id + "\"}"};
}

std::set<std::string> ids(const std::vector<OutboxEvent>& events) {
  std::set<std::string> out;
  for (const auto& e : events) out.insert(e.event_id);
  return out;
}

// Claims everything due now, from every tenant.
std::vector<OutboxEvent> claim_all(Outbox& o) {
  return o.claim_ready(now_ms() + 1, 1000);
}

TEST_P(OutboxContract, AcceptedEventIsQueuedDueNowWithNoAttempts) {
  const auto before = now_ms();
  auto r = outbox_->accept({event("t1", "e1", "order:O1")});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_FALSE(r[0].duplicate);
  EXPECT_GT(r[0].event.seq, 0);
  auto stored = outbox_->find("t1", "e1");
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

TEST_P(OutboxContract, AcceptReturnsOneResultPerEventInOrderWithRisingSeq) {
  auto r = outbox_->accept({event("t1", "a", "order:1"), event("t1", "b", "order:2"),
                            event("t2", "c", "customer:3", "customer.created")});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].event.event_id, "a");
  EXPECT_EQ(r[2].event.event_id, "c");
  EXPECT_LT(r[0].event.seq, r[1].event.seq);
  EXPECT_LT(r[1].event.seq, r[2].event.seq);
}

TEST_P(OutboxContract, RepeatedEventIdIsADuplicateCarryingTheStoredEvent) {
  auto first = outbox_->accept({event("t1", "e1", "order:O1")})[0];
  outbox_->claim_ready(now_ms() + 1, 10);
  auto again = outbox_->accept({event("t1", "e1", "order:O-other")})[0];
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.event.seq, first.event.seq);
  EXPECT_EQ(again.event.entity_key, "order:O1");  // the stored one, not the new one
  EXPECT_EQ(again.event.state, EventState::delivering);
}

TEST_P(OutboxContract, RepeatWithinOneBatchIsADuplicateOfTheFirst) {
  auto r = outbox_->accept({event("t1", "e1", "order:O1"), event("t1", "e1", "order:O1")});
  EXPECT_FALSE(r[0].duplicate);
  EXPECT_TRUE(r[1].duplicate);
  EXPECT_EQ(r[1].event.seq, r[0].event.seq);
  EXPECT_EQ(claim_all(*outbox_).size(), 1u);
}

TEST_P(OutboxContract, SameEventIdInAnotherTenantIsAnotherEvent) {
  auto r = outbox_->accept({event("t1", "e1", "order:O1"), event("t2", "e1", "order:O1")});
  EXPECT_FALSE(r[1].duplicate);
  EXPECT_NE(r[0].event.seq, r[1].event.seq);
  EXPECT_FALSE(outbox_->find("t3", "e1"));
}

TEST_P(OutboxContract, ClaimTakesOnlyTheHeadOfEachLane) {
  outbox_->accept({event("t1", "create", "order:O1"),
                   event("t1", "cancel", "order:O1", "order.cancelled"),
                   event("t1", "other", "order:O2"), event("t2", "same-entity", "order:O1")});
  auto claimed = claim_all(*outbox_);
  EXPECT_EQ(ids(claimed), (std::set<std::string>{"create", "other", "same-entity"}));
  for (const auto& e : claimed) EXPECT_EQ(e.state, EventState::queued);
  EXPECT_EQ(outbox_->find("t1", "create")->state, EventState::delivering);
  EXPECT_EQ(outbox_->find("t1", "cancel")->state, EventState::queued);
}

TEST_P(OutboxContract, LaneWithADeliveringEventYieldsNothingUntilItIsDone) {
  outbox_->accept({event("t1", "create", "order:O1")});
  auto create = claim_all(*outbox_);
  ASSERT_EQ(create.size(), 1u);
  outbox_->accept({event("t1", "cancel", "order:O1", "order.cancelled")});
  EXPECT_TRUE(claim_all(*outbox_).empty());
  outbox_->mark_delivered(create[0].seq, 1, "SO1", "{}", {});
  EXPECT_EQ(ids(claim_all(*outbox_)), std::set<std::string>{"cancel"});
}

TEST_P(OutboxContract, EventArrivingAfterItsLaneEmptiedIsClaimable) {
  outbox_->accept({event("t1", "create", "order:O1")});
  outbox_->mark_delivered(claim_all(*outbox_)[0].seq, 1, "SO1", "{}", {});
  outbox_->accept({event("t1", "cancel", "order:O1", "order.cancelled")});
  EXPECT_EQ(ids(claim_all(*outbox_)), std::set<std::string>{"cancel"});
}

TEST_P(OutboxContract, DeliveredHeadLetsTheNextEventOfItsLaneGo) {
  outbox_->accept({event("t1", "create", "order:O1"),
                   event("t1", "cancel", "order:O1", "order.cancelled"),
                   event("t1", "return", "order:O1", "order.returned")});
  auto first = claim_all(*outbox_);
  ASSERT_EQ(ids(first), std::set<std::string>{"create"});
  outbox_->mark_delivered(first[0].seq, 1, "SO1", "{\"class\":\"ok\"}", {});
  auto second = claim_all(*outbox_);
  ASSERT_EQ(ids(second), std::set<std::string>{"cancel"});
  outbox_->mark_delivered(second[0].seq, 1, std::nullopt, "{}", {});
  EXPECT_EQ(ids(claim_all(*outbox_)), std::set<std::string>{"return"});
}

TEST_P(OutboxContract, DeadEventDoesNotBlockItsLane) {
  outbox_->accept(
      {event("t1", "create", "order:O1"), event("t1", "cancel", "order:O1", "order.cancelled")});
  auto first = claim_all(*outbox_);
  outbox_->mark_dead(first[0].seq, 3, "permanent", "rejected", "{\"class\":\"permanent\"}");
  EXPECT_EQ(ids(claim_all(*outbox_)), std::set<std::string>{"cancel"});
}

TEST_P(OutboxContract, ClaimedRowIsNeverClaimedAgain) {
  outbox_->accept({event("t1", "e1", "order:O1")});
  EXPECT_EQ(claim_all(*outbox_).size(), 1u);
  EXPECT_TRUE(claim_all(*outbox_).empty());
}

TEST_P(OutboxContract, RowNotYetDueIsNotClaimedAndItsTimeIsReported) {
  outbox_->accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*outbox_);
  const auto later = now_ms() + 60'000;
  outbox_->reschedule(claimed[0].seq, EventState::queued, 1, later, "retryable", "503");
  auto result = outbox_->claim_ready(now_ms(), {TenantQuota{"t1", 10}}, 1000);
  EXPECT_TRUE(result.events.empty());
  EXPECT_EQ(result.next_due_ms, later);
  EXPECT_EQ(outbox_->claim_ready(later, {TenantQuota{"t1", 10}}, 1000).events.size(), 1u);
}

TEST_P(OutboxContract, ClaimTakesAtMostTheLimitEarliestDueFirst) {
  for (int i = 0; i < 5; ++i)
    outbox_->accept({event("t1", "e" + std::to_string(i), "order:" + std::to_string(i))});
  auto claimed = outbox_->claim_ready(now_ms() + 1, 2);
  EXPECT_EQ(ids(claimed), (std::set<std::string>{"e0", "e1"}));
}

TEST_P(OutboxContract, QuotaLimitsEachTenantSeparately) {
  for (int i = 0; i < 4; ++i) {
    const auto n = std::to_string(i);
    outbox_->accept({event("busy", "b" + n, "order:" + n), event("calm", "c" + n, "order:" + n)});
  }
  auto result = outbox_->claim_ready(now_ms() + 1, {TenantQuota{"busy", 1}, {"calm", 3}}, 1000);
  int busy = 0, calm = 0;
  for (const auto& e : result.events) (e.tenant == "busy" ? busy : calm)++;
  EXPECT_EQ(busy, 1);
  EXPECT_EQ(calm, 3);
}

TEST_P(OutboxContract, TotalLimitCapsAClaimTakingTenantsInTheGivenOrder) {
  for (int i = 0; i < 3; ++i) {
    const auto n = std::to_string(i);
    outbox_->accept(
        {event("first", "f" + n, "order:" + n), event("second", "s" + n, "order:" + n)});
  }
  auto result =
      outbox_->claim_ready(now_ms() + 1, {TenantQuota{"idle", 5}, {"first", 2}, {"second", 2}}, 3);
  ASSERT_EQ(result.events.size(), 3u);
  int first = 0;
  for (const auto& e : result.events) first += e.tenant == "first";
  EXPECT_EQ(first, 2);  // a tenant with nothing due uses none of the total
}

TEST_P(OutboxContract, ZeroQuotaClaimsNothingButReportsWhenWorkIsDue) {
  outbox_->accept({event("t1", "e1", "order:O1")});
  auto result = outbox_->claim_ready(now_ms() - 60'000, {TenantQuota{"t1", 0}}, 1000);
  EXPECT_TRUE(result.events.empty());
  EXPECT_TRUE(result.next_due_ms);
  EXPECT_EQ(outbox_->find("t1", "e1")->state, EventState::queued);
}

TEST_P(OutboxContract, InDoubtRowIsClaimedWithItsInDoubtState) {
  outbox_->accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*outbox_);
  outbox_->reschedule(claimed[0].seq, EventState::in_doubt, 1, 0, "in_doubt", "reply lost");
  auto again = claim_all(*outbox_);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].state, EventState::in_doubt);
  EXPECT_EQ(again[0].attempts, 1);
  EXPECT_EQ(outbox_->find("t1", "e1")->state, EventState::delivering);
}

TEST_P(OutboxContract, RescheduleRecordsAttemptsTimeAndReason) {
  outbox_->accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*outbox_);
  outbox_->reschedule(claimed[0].seq, EventState::queued, 2, 12345, "retryable", "HTTP 503");
  auto row = outbox_->find("t1", "e1");
  EXPECT_EQ(row->state, EventState::queued);
  EXPECT_EQ(row->attempts, 2);
  EXPECT_EQ(row->next_attempt_at_ms, 12345);
  EXPECT_EQ(row->last_class, "retryable");
  EXPECT_EQ(row->last_error, "HTTP 503");
}

TEST_P(OutboxContract, ReleaseRestoresTheClaimedStateWithoutCountingAnAttempt) {
  outbox_->accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*outbox_);
  outbox_->reschedule(claimed[0].seq, EventState::in_doubt, 3, 0, "in_doubt", "timeout");
  claimed = claim_all(*outbox_);
  outbox_->release(claimed[0].seq, 777, "");
  auto row = outbox_->find("t1", "e1");
  EXPECT_EQ(row->state, EventState::in_doubt);
  EXPECT_EQ(row->attempts, 3);
  EXPECT_EQ(row->next_attempt_at_ms, 777);
  EXPECT_EQ(row->last_class, "in_doubt");  // an empty note keeps the last reason
  EXPECT_EQ(row->last_error, "timeout");
}

TEST_P(OutboxContract, ReleaseWithANoteMarksTheRowWaiting) {
  outbox_->accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*outbox_);
  outbox_->release(claimed[0].seq, 777, "customer cu_1 has no ERP id yet");
  auto row = outbox_->find("t1", "e1");
  EXPECT_EQ(row->state, EventState::queued);
  EXPECT_EQ(row->attempts, 0);
  EXPECT_EQ(row->last_class, "waiting");
  EXPECT_EQ(row->last_error, "customer cu_1 has no ERP id yet");
}

NewEvent claiming(NewEvent e) {
  e.claim = true;
  return e;
}

TEST_P(OutboxContract, ClaimAtAcceptTakesTheRowOnlyWhenItsLaneIsFree) {
  auto first = outbox_->accept({claiming(event("t1", "create", "order:O1"))});
  ASSERT_TRUE(first[0].claimed);
  EXPECT_EQ(first[0].event.state, EventState::queued) << "the state before the claim";
  EXPECT_EQ(outbox_->find("t1", "create")->state, EventState::delivering);

  auto behind = outbox_->accept({claiming(event("t1", "cancel", "order:O1", "order.cancelled"))});
  EXPECT_FALSE(behind[0].claimed) << "its lane has a delivering row";
  EXPECT_EQ(outbox_->find("t1", "cancel")->state, EventState::queued);
  EXPECT_TRUE(claim_all(*outbox_).empty()) << "nothing in a busy lane may be claimed";

  outbox_->mark_delivered(first[0].event.seq, 1, "SO1", "{}", {});
  EXPECT_EQ(ids(claim_all(*outbox_)), std::set<std::string>{"cancel"});
}

TEST_P(OutboxContract, ClaimAtAcceptInOneBatchTakesOnlyTheFirstOfALane) {
  auto r = outbox_->accept({claiming(event("t1", "create", "order:O1")),
                            claiming(event("t1", "cancel", "order:O1", "order.cancelled")),
                            claiming(event("t1", "other", "order:O2"))});
  EXPECT_TRUE(r[0].claimed);
  EXPECT_FALSE(r[1].claimed);
  EXPECT_TRUE(r[2].claimed);
}

TEST_P(OutboxContract, DuplicateIsNeverClaimedAtAccept) {
  outbox_->accept({event("t1", "e1", "order:O1")});
  auto again = outbox_->accept({claiming(event("t1", "e1", "order:O1"))});
  EXPECT_TRUE(again[0].duplicate);
  EXPECT_FALSE(again[0].claimed);
  EXPECT_EQ(outbox_->find("t1", "e1")->state, EventState::queued);
}

TEST_P(OutboxContract, RowsClaimedAtAcceptAreInDoubtAfterACrash) {
  outbox_->accept({claiming(event("t1", "e1", "order:O1"))});
  EXPECT_EQ(outbox_->recover_interrupted(), 1u);
  EXPECT_EQ(outbox_->find("t1", "e1")->state, EventState::in_doubt);
}

TEST_P(OutboxContract, FinishingARowSaysWhetherItsLaneHasANextRow) {
  auto r = outbox_->accept({claiming(event("t1", "create", "order:O1")),
                            event("t1", "cancel", "order:O1", "order.cancelled"),
                            claiming(event("t1", "alone", "order:O2"))});
  EXPECT_TRUE(outbox_->mark_delivered(r[0].event.seq, 1, "SO1", "{}", {}));
  EXPECT_FALSE(outbox_->mark_dead(r[2].event.seq, 1, "permanent", "no", "{}"));
}

TEST_P(OutboxContract, MarkDeliveredAllFinishesEachRowAsMarkDeliveredWould) {
  auto r = outbox_->accept({claiming(event("t1", "create", "order:O1")),
                            event("t1", "cancel", "order:O1", "order.cancelled"),
                            claiming(event("t1", "alone", "order:O2"))});
  auto ready = outbox_->mark_delivered_all(
      {{r[0].event.seq, 1, "SO1", "{}", {}}, {r[2].event.seq, 2, "SO2", "{}", {}}});
  EXPECT_EQ(ready, (std::vector<bool>{true, false}));
  EXPECT_EQ(outbox_->find("t1", "create")->erp_id, "SO1");
  EXPECT_EQ(outbox_->find("t1", "alone")->state, EventState::delivered);
  EXPECT_EQ(outbox_->find("t1", "alone")->attempts, 2);
  EXPECT_EQ(ids(claim_all(*outbox_)), std::set<std::string>{"cancel"});
}

TEST_P(OutboxContract, WakeWaitingMakesOnlyTheTenantsWaitingRowsDue) {
  outbox_->accept({event("t1", "waits", "order:O1"), event("t1", "retries", "order:O2"),
                   event("t2", "waits-too", "order:O1")});
  const auto later = now_ms() + 60'000;
  for (const auto& e : claim_all(*outbox_)) {
    if (e.event_id == "retries")
      outbox_->reschedule(e.seq, EventState::queued, 1, later, "retryable", "503");
    else
      outbox_->release(e.seq, later, "customer c has no ERP id yet");
  }
  const auto now = now_ms();
  EXPECT_EQ(outbox_->wake_waiting("t1", now), 1u);
  EXPECT_EQ(ids(outbox_->claim_ready(now, 10)), std::set<std::string>{"waits"});
}

TEST_P(OutboxContract, DeliveredRowKeepsItsErpIdAndResult) {
  outbox_->accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*outbox_);
  outbox_->mark_delivered(claimed[0].seq, 1, "SO000001", "{\"class\":\"ok\"}", {});
  auto row = outbox_->find("t1", "e1");
  EXPECT_EQ(row->state, EventState::delivered);
  EXPECT_EQ(row->attempts, 1);
  EXPECT_EQ(row->erp_id, "SO000001");
  EXPECT_EQ(row->result_json, "{\"class\":\"ok\"}");
  EXPECT_TRUE(claim_all(*outbox_).empty());
}

TEST_P(OutboxContract, DeadLettersAreListedNewestFirstPerTenant) {
  outbox_->accept({event("t1", "old", "order:1"), event("t1", "new", "order:2"),
                   event("t2", "other", "order:3")});
  auto claimed = claim_all(*outbox_);
  for (const char* id : {"old", "other", "new"}) {
    for (const auto& e : claimed)
      if (e.event_id == id) outbox_->mark_dead(e.seq, 10, "retryable", "HTTP 503", "{}");
    std::this_thread::sleep_for(5ms);  // distinct times
  }
  auto dead = outbox_->dead_letters("t1", 10);
  ASSERT_EQ(dead.size(), 2u);
  EXPECT_EQ(dead[0].event_id, "new");
  EXPECT_EQ(dead[1].event_id, "old");
  EXPECT_EQ(dead[0].state, EventState::dead);
  EXPECT_EQ(dead[0].attempts, 10);
  EXPECT_EQ(dead[0].last_error, "HTTP 503");
  EXPECT_EQ(outbox_->dead_letters("", 10).size(), 3u);
  EXPECT_EQ(outbox_->dead_letters("", 1).size(), 1u);
}

TEST_P(OutboxContract, ReplayRequeuesADeadLetterWithFreshAgeAndNoAttempts) {
  outbox_->accept({event("t1", "e1", "order:O1")});
  auto claimed = claim_all(*outbox_);
  outbox_->mark_dead(claimed[0].seq, 10, "retryable", "HTTP 503", "{}");
  const auto now = now_ms() + 5000;
  EXPECT_TRUE(outbox_->replay("t1", "e1", now));
  auto row = outbox_->find("t1", "e1");
  EXPECT_EQ(row->state, EventState::queued);
  EXPECT_EQ(row->attempts, 0);
  EXPECT_EQ(row->accepted_at_ms, now);
  EXPECT_EQ(row->next_attempt_at_ms, now);
  EXPECT_EQ(outbox_->claim_ready(now, 10).size(), 1u);
  EXPECT_TRUE(outbox_->dead_letters("t1", 10).empty());
}

TEST_P(OutboxContract, ReplayRefusesAnEventThatIsNotDead) {
  outbox_->accept({event("t1", "e1", "order:O1")});
  EXPECT_FALSE(outbox_->replay("t1", "e1", now_ms()));
  EXPECT_FALSE(outbox_->replay("t1", "missing", now_ms()));
  EXPECT_FALSE(outbox_->replay("t2", "e1", now_ms()));
}

TEST_P(OutboxContract, ReplayedEventWaitsWhileALaterEventOfItsLaneIsDelivering) {
  outbox_->accept(
      {event("t1", "create", "order:O1"), event("t1", "cancel", "order:O1", "order.cancelled")});
  auto create = claim_all(*outbox_);
  outbox_->mark_dead(create[0].seq, 10, "retryable", "503", "{}");
  auto cancel = claim_all(*outbox_);
  ASSERT_EQ(ids(cancel), std::set<std::string>{"cancel"});
  ASSERT_TRUE(outbox_->replay("t1", "create", now_ms()));
  EXPECT_TRUE(claim_all(*outbox_).empty());  // the cancel is still in flight
  outbox_->release(cancel[0].seq, 0, "order O1 has no ERP id yet");
  // The replayed create is now the lane's head again, before the cancel.
  EXPECT_EQ(ids(claim_all(*outbox_)), std::set<std::string>{"create"});
}

TEST_P(OutboxContract, RecoverInterruptedTurnsDeliveringRowsInDoubt) {
  outbox_->accept({event("t1", "flying", "order:1"), event("t1", "waiting", "order:1"),
                   event("t1", "idle", "order:2")});
  auto claimed = outbox_->claim_ready(now_ms() + 1, 1);
  ASSERT_EQ(ids(claimed), std::set<std::string>{"flying"});
  auto after_crash = reopen();
  EXPECT_EQ(after_crash->recover_interrupted(), 1u);
  EXPECT_EQ(after_crash->find("t1", "flying")->state, EventState::in_doubt);
  EXPECT_EQ(after_crash->find("t1", "waiting")->state, EventState::queued);
  EXPECT_EQ(after_crash->find("t1", "idle")->state, EventState::queued);
  auto again = after_crash->claim_ready(now_ms() + 1, 10);
  EXPECT_EQ(ids(again), (std::set<std::string>{"flying", "idle"}));
}

TEST_P(OutboxContract, CountByStateGivesQueueDepthPerTenant) {
  outbox_->accept({event("t1", "a", "order:1"), event("t1", "b", "order:2"),
                   event("t1", "c", "order:3"), event("t2", "d", "order:1")});
  auto claimed = outbox_->claim_ready(now_ms() + 1, {TenantQuota{"t1", 2}}, 1000);
  outbox_->mark_dead(claimed.events[0].seq, 1, "permanent", "no", "{}");
  std::map<std::string, std::int64_t> counts;  // "tenant/state" -> count
  for (const auto& c : outbox_->count_by_state())
    counts[c.tenant + "/" + to_string(c.state)] = c.count;
  EXPECT_EQ(counts, (std::map<std::string, std::int64_t>{
                        {"t1/queued", 1}, {"t1/delivering", 1}, {"t1/dead", 1}, {"t2/queued", 1}}));
}

TEST_P(OutboxContract, AcceptedEventsSurviveReopening) {
  outbox_->accept({event("t1", "e1", "order:O1")});
  outbox_.reset();
  auto reopened = reopen();
  ASSERT_TRUE(reopened->find("t1", "e1"));
  EXPECT_TRUE(reopened->accept({event("t1", "e1", "order:O1")})[0].duplicate);
}

TEST_P(OutboxContract, ConcurrentClaimersNeverGetTheSameRow) {
  std::vector<NewEvent> batch;
  for (int i = 0; i < 300; ++i)
    batch.push_back(event("t1", "e" + std::to_string(i), "order:" + std::to_string(i)));
  outbox_->accept(batch);
  auto second = reopen();  // like another host sharing the store
  std::vector<std::int64_t> a, b;
  auto drain = [](Outbox& o, std::vector<std::int64_t>& got) {
    for (;;) {
      auto claimed = o.claim_ready(now_ms() + 1, 7);
      if (claimed.empty()) return;
      for (const auto& e : claimed) got.push_back(e.seq);
    }
  };
  std::thread ta([&] { drain(*outbox_, a); });
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
