// Start-up with many tenants: tenant files are parsed and connectors created on every core,
// yet the runtime holds exactly the tenants a one-by-one load would, the first broken file in
// name order is the one reported, and connectors built side by side from identical scripts
// each deliver with their own tenant's settings.
#include <algorithm>
#include <fstream>

#include "config/tenant_config.hpp"
#include "service/runtime.hpp"
#include "unit/service/service_harness.hpp"

namespace erpbridge::service::testing {
namespace {

// Enough tenants that every loader thread creates several connectors.
constexpr int kManyTenants = 40;

std::string numbered(int i) {
  return "shop" + std::to_string(100 + i);
}

class TenantStart : public DeliveryTest {
 protected:
  void write_many_tenants() {
    for (int i = 0; i < kManyTenants; ++i)
      harness_.write_tenant({.id = numbered(i), .erp_port = erp_->port()});
  }
};

TEST_F(TenantStart, ManyTenantsGetTheSameConfigAndAConnectorEachAsLoadingOneByOne) {
  write_many_tenants();
  const auto runtime = load_runtime(harness_.host_file());
  ASSERT_EQ(runtime->tenants.size(), static_cast<std::size_t>(kManyTenants));
  for (int i = 0; i < kManyTenants; ++i) {
    const auto tenant = runtime->tenant(numbered(i));
    ASSERT_TRUE(tenant) << numbered(i);
    const config::TenantConfig alone =
        config::load_tenant_config(harness_.tenant_file(numbered(i)));
    EXPECT_EQ(tenant->config.file, alone.file);
    ASSERT_EQ(tenant->config.credentials.size(), alone.credentials.size());
    EXPECT_EQ(tenant->config.credentials[0].username, alone.credentials[0].username);
    EXPECT_EQ(tenant->config.delivery.concurrency, alone.delivery.concurrency);
    EXPECT_TRUE(tenant->connector) << numbered(i);
  }
}

TEST_F(TenantStart, FirstBrokenConnectorSettingAmongManyIsReportedWithFileLineAndKey) {
  write_many_tenants();
  // A path template that does not close, in two tenants: the first by file name is reported.
  int path_line = 0;
  for (int broken : {7, 31}) {
    std::string yaml = tenant_yaml({.id = numbered(broken), .erp_port = erp_->port()});
    const std::string path = "path: /createcustomer";
    const std::size_t at = yaml.find(path);
    ASSERT_NE(at, std::string::npos);
    path_line = 1 + static_cast<int>(std::count(yaml.begin(), yaml.begin() + at, '\n'));
    yaml.replace(at, path.size(), "path: /createcustomer/{{refs.x");
    std::ofstream(harness_.tenant_file(numbered(broken))) << yaml;
  }
  const std::string first = harness_.tenant_file(numbered(7)).string();
  for (int load = 0; load < 3; ++load) {
    try {
      load_runtime(harness_.host_file());
      FAIL() << "the broken settings were accepted";
    } catch (const config::ConfigError& e) {
      EXPECT_EQ(e.file(), first);
      EXPECT_EQ(e.line(), path_line);
      EXPECT_EQ(e.key(), "settings/events/customer.created/path");
    }
  }
}

TEST_F(TenantStart, TenantsWithIdenticalScriptsEachDeliverToTheirOwnErp) {
  erpbridge::testing::SampleErp other_erp("headers", "erpbridge", kErpPassword);
  harness_.write_tenant({.id = "othershop", .erp_port = other_erp.port()});
  auto& service = start_with();
  service.submit(kTenant, customer_created(kTenant, 1));
  service.submit("othershop", customer_created("othershop", 2));
  EXPECT_EQ(outcome("c-1").state, store::EventState::delivered);
  EXPECT_EQ(outcome("c-2", "othershop").state, store::EventState::delivered);
  EXPECT_EQ(erp_->requests_to("/createcustomer").size(), 1u);
  EXPECT_EQ(other_erp.requests_to("/createcustomer").size(), 1u);
}

}  // namespace
}  // namespace erpbridge::service::testing
