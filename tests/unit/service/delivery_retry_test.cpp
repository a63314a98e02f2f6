// Retries, Retry-After, dead letters and replay through the real service and test ERP.
#include "store/store.hpp"
#include "unit/service/service_harness.hpp"

namespace erpbridge::service::testing {
namespace {

using store::EventState;

class DeliveryRetry : public DeliveryTest {};

TEST_F(DeliveryRetry, RetryAfterPutsTheNextAttemptNoSoonerThanTheErpAsked) {
  erp_->fail_next({{"mode", "status"}, {"status", 503}, {"retry_after", "7"}});
  auto& service = start_with();  // backoff is at most 100 ms: only Retry-After explains 7 s
  const auto before = now_ms();
  service.submit(kTenant, customer_created(kTenant, 1));
  ASSERT_TRUE(eventually([&] { return service.status(kTenant, "c-1")->attempts == 1; }));
  const auto row = *service.status(kTenant, "c-1");
  EXPECT_EQ(row.state, EventState::queued);
  EXPECT_EQ(row.last_class, store::LastClass::retryable);
  EXPECT_GE(row.next_attempt_at_ms, before + 7000);
  EXPECT_LE(row.next_attempt_at_ms, now_ms() + 7000);
  EXPECT_EQ(erp_->requests_to("/createcustomer").size(), 1u);  // and nothing sooner
}

TEST_F(DeliveryRetry, MaxAttemptsMakesADeadLetterAndReplayAfterTheFixDelivers) {
  erp_->fail_next({{"mode", "status"}, {"status", 503}, {"times", 3}});
  auto& service = start_with({.delivery = "{ max_attempts: 3, backoff_initial_ms: 10, "
                                          "backoff_max_ms: 20 }"});
  service.submit(kTenant, customer_created(kTenant, 1));
  const auto dead = outcome("c-1");
  ASSERT_EQ(dead.state, EventState::dead);
  EXPECT_EQ(dead.attempts, 3);
  EXPECT_EQ(dead.last_class, store::LastClass::retryable);
  EXPECT_NE(dead.last_error.find("max_attempts"), std::string::npos) << dead.last_error;
  EXPECT_NE(dead.result_json.find("503"), std::string::npos) << dead.result_json;
  auto letters = service.dead_letters(kTenant, 10);
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].event_id, "c-1");
  EXPECT_TRUE(service.dead_letters("another-tenant", 10).empty());
  EXPECT_EQ(erp_count("customers"), 0u);

  // The failure plan is used up: the ERP works again.
  ASSERT_TRUE(service.replay(kTenant, "c-1"));
  const auto replayed = outcome("c-1");
  ASSERT_EQ(replayed.state, EventState::delivered) << replayed.last_error;
  EXPECT_EQ(replayed.attempts, 1);
  EXPECT_EQ(erp_count("customers"), 1u);
  EXPECT_TRUE(service.dead_letters(kTenant, 10).empty());
  EXPECT_FALSE(service.replay(kTenant, "c-1"));  // only dead letters replay
}

TEST_F(DeliveryRetry, PermanentRejectionIsADeadLetterAtOnce) {
  erp_->fail_next({{"mode", "status"}, {"status", 422}});
  auto& service = start_with();
  service.submit(kTenant, customer_created(kTenant, 1));
  const auto dead = outcome("c-1");
  EXPECT_EQ(dead.state, EventState::dead);
  EXPECT_EQ(dead.attempts, 1);
  EXPECT_EQ(erp_->requests_to("/createcustomer").size(), 1u);
}

TEST_F(DeliveryRetry, DeadLetterReplayedByAnotherProcessIsPickedUpByPolling) {
  erp_->fail_next({{"mode", "status"}, {"status", 503}, {"times", 1}});
  auto& service = start_with({.delivery = "{ max_attempts: 1 }"});
  service.submit(kTenant, customer_created(kTenant, 1));
  ASSERT_EQ(outcome("c-1").state, EventState::dead);
  // What `erpbridge dlq replay` does: its own connection to the same store file.
  ASSERT_TRUE(
      store::open_store({harness_.store_file()})->dead_letters().replay(kTenant, "c-1", now_ms()));
  ASSERT_TRUE(
      eventually([&] { return service.status(kTenant, "c-1")->state == EventState::delivered; }));
  EXPECT_EQ(erp_count("customers"), 1u);
}

TEST_F(DeliveryRetry, DuplicateSubmitReturnsTheStoredEventAndSendsOnce) {
  auto& service = start_with();
  const auto first = service.submit(kTenant, customer_created(kTenant, 1));
  ASSERT_EQ(outcome("c-1").state, EventState::delivered);
  const auto again = service.submit(kTenant, customer_created(kTenant, 1));
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.event.seq, first.event.seq);
  EXPECT_EQ(again.event.state, EventState::delivered);
  EXPECT_EQ(erp_->requests_to("/createcustomer").size(), 1u);
  EXPECT_EQ(service.metrics().event_count(kTenant, "customer.created", "duplicate"), 1);
}

TEST_F(DeliveryRetry, EventOfAnotherTenantIsRefused) {
  auto& service = start_with();
  EXPECT_THROW(service.submit("pxml001", customer_created(kTenant, 1)), std::invalid_argument);
  EXPECT_FALSE(service.status(kTenant, "c-1"));
}

}  // namespace
}  // namespace erpbridge::service::testing
