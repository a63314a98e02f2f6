// One tenant's slow ERP does not hold up another tenant (DESIGN.md principle 6): each tenant
// may occupy at most its `delivery.concurrency` delivery threads.
#include "unit/service/service_harness.hpp"

namespace erpbridge::service::testing {
namespace {

using namespace std::chrono_literals;
using store::EventState;

class TenantIsolation : public DeliveryTest {};

TEST_F(TenantIsolation, SlowTenantDoesNotDelayAnotherTenantsEvents) {
  erpbridge::testing::SampleErp slow_erp("headers", "erpbridge", kErpPassword);
  slow_erp.fail_next({{"mode", "delay"}, {"delay_ms", 3000}, {"times", 20}});
  harness_.write_tenant(
      {.id = "slowshop", .erp_port = slow_erp.port(), .delivery = "{ concurrency: 2 }"});
  auto& service = start_with({}, /*threads=*/4);

  for (int i = 1; i <= 6; ++i) service.submit("slowshop", customer_created("slowshop", i));
  ASSERT_TRUE(eventually([&] { return slow_erp.requests_to("/createcustomer").size() == 2; }));
  for (int i = 1; i <= 3; ++i) service.submit(kTenant, customer_created(kTenant, i));

  // Had the slow tenant taken every thread, these would wait ~3 s for one to come free.
  for (int i = 1; i <= 3; ++i) {
    const auto row = service.wait_for_outcome(kTenant, "c-" + std::to_string(i), 2500ms);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->state, EventState::delivered) << "c-" << i;
  }
  // Meanwhile the slow tenant never had more than its two deliveries at the ERP.
  EXPECT_EQ(slow_erp.requests_to("/createcustomer").size(), 2u);
  slow_erp.stop();  // ends the delayed calls now rather than at teardown
}

}  // namespace
}  // namespace erpbridge::service::testing
