// Reloading config while events flow: a broken file changes nothing and says where it is
// broken; a good one swaps tenants and connectors for the next claims.
#include <fstream>

#include "unit/service/service_harness.hpp"

namespace erpbridge::service::testing {
namespace {

using store::EventState;

class Reload : public DeliveryTest {};

TEST_F(Reload, BrokenTenantFileKeepsTheRunningConfigAndNamesFileAndLine) {
  auto& service = start_with();
  const auto before = service.runtime();
  { std::ofstream(harness_.tenant_file(kTenant), std::ios::app) << "bogus_key: 1\n"; }
  const auto report = service.reload();
  EXPECT_FALSE(report.ok);
  const std::string where = harness_.tenant_file(kTenant).string() + ":";
  EXPECT_NE(report.message.find(where), std::string::npos) << report.message;
  EXPECT_NE(report.message.find("bogus_key"), std::string::npos) << report.message;
  EXPECT_EQ(service.runtime(), before);  // the very same snapshot

  // The old config still delivers.
  service.submit(kTenant, customer_created(kTenant, 1));
  EXPECT_EQ(outcome("c-1").state, EventState::delivered);

  harness_.write_tenant({.erp_port = erp_->port()});
  const auto fixed = service.reload();
  EXPECT_TRUE(fixed.ok) << fixed.message;
  EXPECT_NE(service.runtime(), before);
}

TEST_F(Reload, NewTenantAddedByReloadGetsItsEventsDelivered) {
  auto& service = start_with();
  harness_.write_tenant({.id = "newshop", .erp_port = erp_->port()});
  const auto report = service.reload();
  ASSERT_TRUE(report.ok) << report.message;
  EXPECT_NE(report.message.find("added: newshop"), std::string::npos) << report.message;
  service.submit("newshop", customer_created("newshop", 1));
  EXPECT_EQ(outcome("c-1", "newshop").state, EventState::delivered);
}

TEST_F(Reload, EventsOfATenantRemovedByReloadWaitInsteadOfFailing) {
  auto& service = start_with();
  erp_->stop();  // keep the event queued while the tenant goes away
  service.submit(kTenant, customer_created(kTenant, 1));
  std::filesystem::remove(harness_.tenant_file(kTenant));
  ASSERT_TRUE(service.reload().ok);
  ASSERT_TRUE(eventually(
      [&] {
        auto row = service.status(kTenant, "c-1");
        return row->last_error.find("not in the running configuration") != std::string::npos;
      },
      std::chrono::seconds(15)));
  const auto row = service.status(kTenant, "c-1");
  EXPECT_EQ(row->state, EventState::queued);
  EXPECT_EQ(row->last_class, store::LastClass::waiting);
}

}  // namespace
}  // namespace erpbridge::service::testing
