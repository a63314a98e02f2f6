// The synchronous facade's path (EventService::submit_and_deliver): a fresh event is delivered
// on the caller's thread when its lane and a delivery slot of its tenant are free, and left to
// the delivery threads otherwise, without breaking per-entity order or the tenant's
// concurrency. Through the real service, REST plugin and test ERP.
#include <future>

#include "unit/service/service_harness.hpp"

namespace erpbridge::service::testing {
namespace {

using namespace std::chrono_literals;
using store::EventState;

// Holds the test until the stored row of `event_id` is being delivered.
void wait_until_delivering(EventService& service, const std::string& event_id) {
  for (int i = 0; i < 2000; ++i) {
    auto row = service.status(kTenant, event_id);
    if (row && row->state == EventState::delivering) return;
    std::this_thread::sleep_for(5ms);
  }
  FAIL() << event_id << " never started delivering";
}

class InlineDeliveryTest : public DeliveryTest {};

TEST_F(InlineDeliveryTest, FreshOrderIsAnsweredWithItsErpIdAndTheIdsAreMapped) {
  auto& service = start_with();
  auto customer = service.submit_and_deliver(kTenant, customer_created(kTenant, 1));
  ASSERT_EQ(customer.event.state, EventState::delivered) << customer.event.last_error;

  auto order = service.submit_and_deliver(kTenant, order_created(kTenant, 1, 1));
  ASSERT_EQ(order.event.state, EventState::delivered) << order.event.last_error;
  ASSERT_TRUE(order.event.erp_id);
  // The answer is the stored outcome, and the order's id is in the id map with it.
  auto stored = service.status(kTenant, order.event.event_id);
  EXPECT_EQ(stored->state, EventState::delivered);
  EXPECT_EQ(stored->erp_id, order.event.erp_id);
  EXPECT_EQ(stored->attempts, 1);
  EXPECT_EQ(service.commerceup_order_id(kTenant, *order.event.erp_id), "ORD-1");
  EXPECT_EQ(accepted_by_erp("/createorder").size(), 1u);
}

TEST_F(InlineDeliveryTest, RepeatedCallGetsTheFirstAnswerWithoutASecondErpCall) {
  auto& service = start_with();
  auto first = service.submit_and_deliver(kTenant, customer_created(kTenant, 1));
  auto again = service.submit_and_deliver(kTenant, customer_created(kTenant, 1));
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.event.erp_id, first.event.erp_id);
  EXPECT_EQ(accepted_by_erp("/createcustomer").size(), 1u);
}

TEST_F(InlineDeliveryTest, EventBehindABusyLaneWaitsForItsTurn) {
  auto& service = start_with();
  ASSERT_EQ(service.submit_and_deliver(kTenant, customer_created(kTenant, 1)).event.state,
            EventState::delivered);
  erp_->fail_next({{"path", "/createorder"}, {"mode", "delay"}, {"delay_ms", 700}});
  auto order = std::async(std::launch::async, [&] {
    return service.submit_and_deliver(kTenant, order_created(kTenant, 1, 1));
  });
  const auto cancel_event = order_cancelled(kTenant, 1);
  wait_until_delivering(service, order_created(kTenant, 1, 1).event_id);

  auto cancel = service.submit_and_deliver(kTenant, cancel_event);
  EXPECT_FALSE(cancel.claimed) << "the order is still at the ERP";
  EXPECT_EQ(cancel.event.state, EventState::queued);

  EXPECT_EQ(order.get().event.state, EventState::delivered);
  EXPECT_EQ(outcome(cancel_event.event_id).state, EventState::delivered);
  EXPECT_EQ(accepted_by_erp("/createorder").size(), 1u);
}

TEST_F(InlineDeliveryTest, TenantsConcurrencyLimitCoversInlineDeliveries) {
  TenantSpec one_at_a_time;
  one_at_a_time.delivery = "{ max_attempts: 20, concurrency: 1, backoff_initial_ms: 20 }";
  auto& service = start_with(one_at_a_time);
  erp_->fail_next({{"path", "/createcustomer"}, {"mode", "delay"}, {"delay_ms", 700}});
  auto slow = std::async(std::launch::async, [&] {
    return service.submit_and_deliver(kTenant, customer_created(kTenant, 1));
  });
  wait_until_delivering(service, customer_created(kTenant, 1).event_id);

  auto second = service.submit_and_deliver(kTenant, customer_created(kTenant, 2));
  EXPECT_FALSE(second.claimed) << "the tenant's one delivery slot is taken";
  EXPECT_EQ(second.event.state, EventState::queued);
  EXPECT_EQ(service.status(kTenant, customer_created(kTenant, 1).event_id)->state,
            EventState::delivering)
      << "the second must not have gone while the first was at the ERP";

  EXPECT_EQ(slow.get().event.state, EventState::delivered);
  EXPECT_EQ(outcome(second.event.event_id).state, EventState::delivered);
  EXPECT_EQ(erp_count("customers"), 2u);
}

TEST_F(InlineDeliveryTest, OrderWithoutItsCustomersErpIdWaitsAndGoesAfterTheCustomer) {
  auto& service = start_with();
  auto order = service.submit_and_deliver(kTenant, order_created(kTenant, 1, 1));
  EXPECT_EQ(order.event.state, EventState::queued) << "its customer has no ERP id yet";
  EXPECT_EQ(service.submit_and_deliver(kTenant, customer_created(kTenant, 1)).event.state,
            EventState::delivered);
  EXPECT_EQ(outcome(order.event.event_id).state, EventState::delivered);
  EXPECT_EQ(erp_count("orders"), 1u);
}

TEST_F(InlineDeliveryTest, ErpRefusalIsAnsweredAsDeadWithTheReason) {
  auto& service = start_with();
  erp_->fail_next({{"path", "/createcustomer"},
                   {"mode", "status"},
                   {"status", 200},
                   {"body", R"({"status":"failure","message":"duplicate email"})"}});
  auto refused = service.submit_and_deliver(kTenant, customer_created(kTenant, 1));
  EXPECT_EQ(refused.event.state, EventState::dead);
  EXPECT_NE(refused.event.last_error.find("duplicate email"), std::string::npos)
      << refused.event.last_error;
  EXPECT_EQ(service.status(kTenant, refused.event.event_id)->state, EventState::dead);
}

}  // namespace
}  // namespace erpbridge::service::testing
