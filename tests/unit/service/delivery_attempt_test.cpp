// The one attempt pipeline (service/delivery_attempt), with a scripted sink and a real SQLite
// store: what it does around a sink's reply is the same for the ERP and for Commerceup, so
// it is tested here once, by what ends up in the store.
#include "service/delivery_attempt.hpp"

#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "store/store.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::service {
namespace {

constexpr const char* kType = "test.batch";

// Takes kType rows, lets `followers` rows join a head, and answers with `reply` (or, in
// doubt, `lookup` when set). Records what it was handed.
class ScriptedSink final : public DeliverySink {
 public:
  bool handles(std::string_view event_type) const override { return event_type == kType; }
  const char* log_tag() const override { return " to=test"; }
  std::size_t followers_wanted(const store::OutboxEvent&, const TenantRuntime&) const override {
    return followers;
  }
  std::optional<SinkReply> look_up(const SinkBatch&) override { return lookup; }
  SinkReply put(const SinkBatch& batch) override {
    put_rows.push_back(batch.rows.size());
    put_in_doubt.push_back(batch.in_doubt);
    return reply;
  }

  std::size_t followers = 0;
  SinkReply reply;
  std::optional<SinkReply> lookup;
  std::vector<std::size_t> put_rows;
  std::vector<bool> put_in_doubt;
};

SinkReply reply_of(ResultClass c, std::size_t rows = 1) {
  SinkReply r;
  r.result.result_class = c;
  r.result.message = c == ResultClass::ok ? "" : "HTTP 503";
  r.rows = rows;
  r.detail = "sent";
  return r;
}

class DeliveryAttemptTest : public ::testing::Test {
 protected:
  DeliveryAttemptTest() {
    auto tenant = std::make_shared<TenantRuntime>();
    tenant->config.id = "t1";
    tenant->config.delivery.backoff_initial = std::chrono::milliseconds(60'000);
    tenant->config.delivery.backoff_max = std::chrono::milliseconds(60'000);
    auto runtime = std::make_shared<Runtime>();
    runtime->tenants["t1"] = tenant;
    runtime_ = runtime;
  }

  // Stores rows e1..en of one lane and claims the head.
  store::OutboxEvent claimed_head(int n, const std::string& type = kType) {
    std::vector<store::NewEvent> rows;
    for (int i = 1; i <= n; ++i)
      rows.push_back({"t1", "e" + std::to_string(i), type, "lane:1", "1", "{}"});
    store_->intake().accept(rows);
    auto claimed = store_->claims().claim_ready(unix_now_ms() + 1, {{"t1", 10}}, 10).events;
    EXPECT_EQ(claimed.size(), 1u);
    return claimed.at(0);
  }

  store::OutboxEvent row(const std::string& id) { return *store_->status().find("t1", id); }

  erpbridge::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_ = store::open_store({dir_.path() / "store.db"});
  ScriptedSink sink_;
  Metrics metrics_;
  DeliveryAttempt attempt_{store_->claims(), store_->outcomes(), {&sink_}, metrics_};
  std::shared_ptr<const Runtime> runtime_;
};

TEST_F(DeliveryAttemptTest, FollowersJoinTheHeadAndOneOutcomeFinishesTheRowsTheCallCovered) {
  sink_.followers = 10;
  sink_.reply = reply_of(ResultClass::ok, 2);
  const auto outcome = attempt_.run(claimed_head(3), runtime_);
  EXPECT_EQ(outcome.outcome, store::Outcome::delivered);
  EXPECT_EQ(sink_.put_rows, std::vector<std::size_t>{3});
  EXPECT_EQ(row("e1").state, store::EventState::delivered);
  EXPECT_EQ(row("e2").state, store::EventState::delivered);
  EXPECT_EQ(row("e2").attempts, 1);
  EXPECT_EQ(row("e3").state, store::EventState::queued) << "the call did not cover it";
  EXPECT_EQ(metrics_.event_count("t1", kType, "delivered"), 2);
  EXPECT_TRUE(outcome.work_ready) << "e3 became its lane's head";
}

TEST_F(DeliveryAttemptTest, RetryableReplyReschedulesTheWholeGroupWithTheAttemptCounted) {
  sink_.followers = 10;
  sink_.reply = reply_of(ResultClass::retryable, 2);
  EXPECT_EQ(attempt_.run(claimed_head(2), runtime_).outcome, store::Outcome::retry);
  for (const char* id : {"e1", "e2"}) {
    EXPECT_EQ(row(id).state, store::EventState::queued) << id;
    EXPECT_EQ(row(id).attempts, 1) << id;
    EXPECT_EQ(row(id).last_class, store::LastClass::retryable) << id;
    EXPECT_GT(row(id).next_attempt_at_ms, unix_now_ms() + 30'000) << id;
  }
  EXPECT_EQ(metrics_.event_count("t1", kType, "retried"), 2);
}

TEST_F(DeliveryAttemptTest, WaitingCostsNoAttemptAndLeavesTheFollowersAlone) {
  sink_.followers = 10;
  sink_.reply.kind = SinkReply::Kind::waiting;
  sink_.reply.reached = false;
  sink_.reply.why = "customer cu_1 has no ERP id yet";
  EXPECT_EQ(attempt_.run(claimed_head(2), runtime_).outcome, store::Outcome::waiting);
  EXPECT_EQ(row("e1").state, store::EventState::queued);
  EXPECT_EQ(row("e1").attempts, 0);
  EXPECT_EQ(row("e1").last_class, store::LastClass::waiting);
  EXPECT_EQ(row("e1").last_error, "customer cu_1 has no ERP id yet");
  EXPECT_EQ(row("e2").last_class, store::LastClass::none);
}

TEST_F(DeliveryAttemptTest, GiveUpIsADeadLetterWithTheSinksReason) {
  sink_.reply = SinkReply::give_up_with(
      DeliveryResult::failure(ResultClass::invalid, "damaged row"), "the row no longer parses",
      /*reached=*/false);
  const auto outcome = attempt_.run(claimed_head(1), runtime_);
  EXPECT_EQ(outcome.outcome, store::Outcome::dead);
  EXPECT_EQ(outcome.last_error, "the row no longer parses");
  EXPECT_EQ(row("e1").state, store::EventState::dead);
  EXPECT_EQ(row("e1").attempts, 0) << "nothing was called";
  EXPECT_EQ(row("e1").last_class, store::LastClass::invalid);
}

TEST_F(DeliveryAttemptTest, RowNoSinkTakesIsADeadLetter) {
  const auto outcome = attempt_.run(claimed_head(1, "unknown.type"), runtime_);
  EXPECT_EQ(outcome.outcome, store::Outcome::dead);
  EXPECT_TRUE(sink_.put_rows.empty());
  EXPECT_EQ(row("e1").state, store::EventState::dead);
}

TEST_F(DeliveryAttemptTest, TenantMissingFromTheConfigWaitsWithoutCallingTheSink) {
  store_->intake().accept({{"gone", "e1", kType, "lane:1", "1", "{}"}});
  auto head = store_->claims().claim_ready(unix_now_ms() + 1, {{"gone", 1}}, 1).events.at(0);
  EXPECT_EQ(attempt_.run(head, runtime_).outcome, store::Outcome::waiting);
  EXPECT_TRUE(sink_.put_rows.empty());
  EXPECT_EQ(store_->status().find("gone", "e1")->last_class, store::LastClass::waiting);
}

// Claims e1 and leaves it as a crash would: in doubt at the next claim.
store::OutboxEvent in_doubt_head(store::Store& store) {
  store.intake().accept({{"t1", "e1", kType, "lane:1", "1", "{}"}});
  store.claims().claim_ready(unix_now_ms() + 1, {{"t1", 1}}, 1);
  store.claims().recover_interrupted();
  auto head = store.claims().claim_ready(unix_now_ms() + 1, {{"t1", 1}}, 1).events.at(0);
  EXPECT_EQ(head.state, store::EventState::in_doubt);
  return head;
}

TEST_F(DeliveryAttemptTest, InDoubtHeadFoundByLookupIsDeliveredWithoutBeingSentAgain) {
  SinkReply found = reply_of(ResultClass::ok);
  found.result.found = true;
  found.result.erp_id = "SO1";
  sink_.lookup = found;
  const auto outcome = attempt_.run(in_doubt_head(*store_), runtime_);
  EXPECT_EQ(outcome.outcome, store::Outcome::delivered);
  EXPECT_EQ(outcome.erp_id, "SO1");
  EXPECT_TRUE(sink_.put_rows.empty());
  EXPECT_EQ(row("e1").attempts, 0) << "a lookup that finds the document is no new attempt";
}

TEST_F(DeliveryAttemptTest, InDoubtHeadTheLookupDidNotFindIsSentAsNoLongerInDoubt) {
  SinkReply not_found = reply_of(ResultClass::ok);
  not_found.result.found = false;
  sink_.lookup = not_found;
  sink_.reply = reply_of(ResultClass::retryable);
  EXPECT_EQ(attempt_.run(in_doubt_head(*store_), runtime_).outcome, store::Outcome::retry);
  EXPECT_EQ(sink_.put_in_doubt, std::vector<bool>{false});
  EXPECT_EQ(row("e1").state, store::EventState::queued) << "not in doubt any more";
}

TEST_F(DeliveryAttemptTest, InDoubtHeadWithoutALookupThatFailsAgainStaysInDoubt) {
  sink_.reply = reply_of(ResultClass::retryable);
  EXPECT_EQ(attempt_.run(in_doubt_head(*store_), runtime_).outcome, store::Outcome::in_doubt);
  EXPECT_EQ(sink_.put_in_doubt, std::vector<bool>{true});
  EXPECT_EQ(row("e1").state, store::EventState::in_doubt);
  EXPECT_EQ(row("e1").attempts, 1);
}

TEST_F(DeliveryAttemptTest, InDoubtHeadWhoseLookupAnswersUnknownIsNeverResentAndStaysInDoubt) {
  // A 2xx without the id where the config points (the REST adapter's `permanent` lookup).
  sink_.lookup = reply_of(ResultClass::permanent);
  const auto outcome = attempt_.run(in_doubt_head(*store_), runtime_);
  EXPECT_EQ(outcome.outcome, store::Outcome::in_doubt);
  EXPECT_TRUE(sink_.put_rows.empty()) << "an unknown lookup must not resend";
  EXPECT_EQ(row("e1").state, store::EventState::in_doubt);
  EXPECT_EQ(row("e1").last_class, store::LastClass::in_doubt);
  EXPECT_NE(row("e1").last_error.find("lookup answered unknown (permanent)"), std::string::npos)
      << row("e1").last_error;
}

TEST_F(DeliveryAttemptTest, InDoubtHeadWhoseLookupStaysUnknownEndsAnInDoubtUnresolvedDeadLetter) {
  sink_.lookup = reply_of(ResultClass::retryable);
  auto head = in_doubt_head(*store_);
  head.attempts = 9;  // the next attempt is the tenant's last (max_attempts 10)
  EXPECT_EQ(attempt_.run(head, runtime_).outcome, store::Outcome::dead);
  EXPECT_TRUE(sink_.put_rows.empty());
  EXPECT_EQ(row("e1").state, store::EventState::dead);
  EXPECT_EQ(row("e1").last_class, store::LastClass::in_doubt);
  EXPECT_EQ(row("e1").last_error.rfind("in doubt, unresolved: ", 0), 0u) << row("e1").last_error;
}

TEST_F(DeliveryAttemptTest, InDoubtHeadWhoseTypeHasNoLookupIsResentWithItsKey) {
  sink_.lookup = reply_of(ResultClass::invalid);  // "no lookup configured for X"
  sink_.reply = reply_of(ResultClass::ok);
  EXPECT_EQ(attempt_.run(in_doubt_head(*store_), runtime_).outcome, store::Outcome::delivered);
  EXPECT_EQ(sink_.put_in_doubt, std::vector<bool>{true});
}

}  // namespace
}  // namespace erpbridge::service
