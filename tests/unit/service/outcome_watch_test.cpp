// A synchronous caller (the facade) watches an event's outcome before submitting it and then
// waits on the watch: the outcome reaches it whether the delivery ends well, ends dead, or is
// still retrying when the wait gives up.
#include "unit/service/service_harness.hpp"

namespace erpbridge::service::testing {
namespace {

using namespace std::chrono_literals;
using store::EventState;

class OutcomeWatchTest : public DeliveryTest {};

TEST_F(OutcomeWatchTest, WaitOnAWatchMadeBeforeSubmitGetsTheDeliveredRow) {
  auto& service = start_with();
  auto watch = service.watch_outcome(kTenant, "c-1");
  const auto accepted = service.submit(kTenant, customer_created(kTenant, 1));
  ASSERT_EQ(accepted.event.state, EventState::queued);
  const auto row = service.wait_for_outcome(watch, 20s);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->state, EventState::delivered);
  EXPECT_EQ(row->erp_id, service.status(kTenant, "c-1")->erp_id);
  EXPECT_TRUE(row->erp_id);
}

TEST_F(OutcomeWatchTest, WaitOnAWatchGetsADeadLetterWithItsReason) {
  erp_->fail_next({{"mode", "status"}, {"status", 422}});
  auto& service = start_with();
  auto watch = service.watch_outcome(kTenant, "c-1");
  service.submit(kTenant, customer_created(kTenant, 1));
  const auto row = service.wait_for_outcome(watch, 20s);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->state, EventState::dead);
  EXPECT_FALSE(row->last_error.empty());
}

TEST_F(OutcomeWatchTest, WaitOnAWatchEndsWithTheStoredRowWhenTheErpIsDown) {
  auto& service = start_with();
  erp_->stop();
  auto watch = service.watch_outcome(kTenant, "c-1");
  service.submit(kTenant, customer_created(kTenant, 1));
  const auto row = service.wait_for_outcome(watch, 300ms);
  ASSERT_TRUE(row);  // the stored row as it is, not nothing
  EXPECT_NE(row->state, EventState::delivered);
  EXPECT_NE(row->state, EventState::dead);
}

}  // namespace
}  // namespace erpbridge::service::testing
