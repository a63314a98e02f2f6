// A real EventService for tests: a temp folder with a host file, tenant files made from the
// shipped config/tenants/demo-json.yaml (with test-sized delivery settings), the REST plugin
// from the build, a real SQLite store, and the real test ERP (tests/peers/sample_erp).
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "events/event.hpp"
#include "service/event_service.hpp"
#include "support/sample_erp.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::service::testing {

inline constexpr const char* kTenant = "p8f3a21";
inline constexpr const char* kErpPassword = "erp-secret";

struct TenantSpec {
  std::string id = kTenant;
  int erp_port = 0;
  // The `delivery:` map, YAML flow style. Test-sized: retries in tens of milliseconds.
  std::string delivery =
      "{ max_attempts: 20, concurrency: 4, backoff_initial_ms: 20, "
      "backoff_max_ms: 100 }";
  bool lookups = true;      // keep the demo's lookup: blocks
  bool idempotency = true;  // keep the demo's idempotency_header
};

// The demo tenant file rewritten for `spec`.
std::string tenant_yaml(const TenantSpec& spec);

class ServiceHarness {
 public:
  ServiceHarness();  // sets the environment the demo tenant files read
  ~ServiceHarness();

  void write_tenant(const TenantSpec& spec) const;
  std::filesystem::path tenant_file(const std::string& id) const;
  // Starts (or restarts) the service on this folder's files and store.
  EventService& start(std::size_t threads = 4);
  void stop() { service_.reset(); }
  EventService& service() { return *service_; }
  std::filesystem::path store_file() const { return dir_.path() / "store.db"; }
  std::filesystem::path host_file() const { return dir_.path() / "erpbridge.yaml"; }
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  erpbridge::testing::TempDir dir_;
  std::unique_ptr<EventService> service_;
};

// One test ERP and one service per test. The ERP is declared after the harness so it dies
// first: deliveries still in flight at the end fail fast instead of waiting out a delay.
class DeliveryTest : public ::testing::Test {
 protected:
  DeliveryTest();
  // Writes the tenant (on this test's ERP unless spec.erp_port is set) and starts the service.
  EventService& start_with(TenantSpec spec = {}, std::size_t threads = 4);
  // Waits for the event's final state (delivered or dead); fails the test on timeout.
  store::OutboxEvent outcome(const std::string& event_id, const std::string& tenant = kTenant,
                             std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // The ERP's requests on `path` that it answered with 200, in arrival order.
  std::vector<boost::json::object> accepted_by_erp(const std::string& path) const;
  std::size_t erp_count(const char* collection) const;  // customers, orders, ...

  ServiceHarness harness_;
  std::unique_ptr<erpbridge::testing::SampleErp> erp_;
};

// Commerceup sample events, with ids made unique by `n` ("cu_<n>", "ORD-<n>", ...).
events::Event customer_created(const std::string& tenant, int n);
events::Event order_created(const std::string& tenant, int n, int customer);
events::Event order_cancelled(const std::string& tenant, int n);
events::Event order_returned(const std::string& tenant, int n);

// Polls `done` every 10 ms until it holds or `timeout` passes (tests only: the service
// itself never polls). Returns its last value.
bool eventually(const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

std::int64_t now_ms();

}  // namespace erpbridge::service::testing
