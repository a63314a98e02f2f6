// In doubt: the ERP may have processed a request whose reply was lost. Before resending, the
// service looks the document up (when the tenant's connector can); otherwise it resends with
// the same idempotency key. Either way the ERP ends with exactly one document.
#include <boost/json/serialize.hpp>

#include "store/store.hpp"
#include "unit/service/service_harness.hpp"

namespace erpbridge::service::testing {
namespace {

using store::EventState;

class DeliveryInDoubt : public DeliveryTest {
 protected:
  std::string only_customer_id() const {
    const auto state = erp_->state();
    const auto& customers = state.at("customers").as_object();
    EXPECT_EQ(customers.size(), 1u);
    return customers.empty() ? "" : std::string(customers.begin()->key());
  }
};

TEST_F(DeliveryInDoubt, LostReplyIsSettledByLookupWithoutSendingAgain) {
  erp_->fail_next({{"path", "/createcustomer"}, {"mode", "drop_after_processing"}});
  // No idempotency header: only the lookup stands between a retry and a second customer.
  auto& service = start_with({.idempotency = false});
  service.submit(kTenant, customer_created(kTenant, 1));
  const auto row = outcome("c-1");
  ASSERT_EQ(row.state, EventState::delivered) << row.last_error;
  EXPECT_EQ(row.erp_id, only_customer_id());
  EXPECT_EQ(row.attempts, 1);  // the lookup settled it; nothing was resent
  EXPECT_EQ(erp_->requests_to("/createcustomer").size(), 1u);
  EXPECT_EQ(erp_->requests_to("/customers").size(), 1u);
  EXPECT_EQ(service.metrics().event_count(kTenant, "customer.created", "in_doubt"), 1);
}

TEST_F(DeliveryInDoubt, LookupThatFindsNothingLetsTheEventBeSent) {
  // The request is dropped before the ERP processes it, and the reply is lost: in doubt.
  erp_->fail_next({{"path", "/createcustomer"}, {"mode", "malformed"}});
  erp_->fail_next({{"path", "/customers"}, {"mode", "status"}, {"status", 404}});
  auto& service = start_with({.idempotency = false});
  service.submit(kTenant, customer_created(kTenant, 1));
  const auto row = outcome("c-1");
  ASSERT_EQ(row.state, EventState::delivered) << row.last_error;
  // "malformed" did process the first request, and the faked 404 hid it: so a second
  // customer is expected here, which proves the resend followed the "not found".
  EXPECT_EQ(erp_->requests_to("/createcustomer").size(), 2u);
  EXPECT_EQ(erp_->requests_to("/customers").size(), 1u);
}

TEST_F(DeliveryInDoubt, WithoutLookupTheResendCarriesTheSameIdempotencyKey) {
  erp_->fail_next({{"path", "/createcustomer"}, {"mode", "drop_after_processing"}});
  auto& service = start_with({.lookups = false});
  service.submit(kTenant, customer_created(kTenant, 1));
  const auto row = outcome("c-1");
  ASSERT_EQ(row.state, EventState::delivered) << row.last_error;
  auto posts = erp_->requests_to("/createcustomer");
  ASSERT_EQ(posts.size(), 2u);
  const std::string key = std::string(kTenant) + ":c-1";
  EXPECT_EQ(posts[0].at("headers").at("idempotency-key").as_string(), key);
  EXPECT_EQ(posts[1].at("headers").at("idempotency-key").as_string(), key);
  EXPECT_EQ(row.erp_id, only_customer_id());  // the ERP replayed its first reply
}

TEST_F(DeliveryInDoubt, DeliveryInterruptedByACrashIsLookedUpAtTheNextStart) {
  // A first host delivered the customer to the ERP (its own store)...
  {
    ServiceHarness other;
    TenantSpec spec;
    spec.erp_port = erp_->port();
    other.write_tenant(spec);
    auto& first = other.start();
    first.submit(kTenant, customer_created(kTenant, 1));
    ASSERT_TRUE(
        eventually([&] { return first.status(kTenant, "c-1")->state == EventState::delivered; }));
  }
  // ...while in our store the same event was claimed when the process died.
  {
    auto store = store::open_store({harness_.store_file()});
    auto event = customer_created(kTenant, 1);
    store->intake().accept({{kTenant, event.event_id, "customer.created", event.entity_key(),
                             event.document_id(), boost::json::serialize(event.envelope)}});
    ASSERT_EQ(store->claims().claim_ready(now_ms() + 1, {{kTenant, 10}}, 10).events.size(), 1u);
  }
  auto& service = start_with({.idempotency = false});
  const auto row = outcome("c-1");
  ASSERT_EQ(row.state, EventState::delivered) << row.last_error;
  EXPECT_EQ(row.erp_id, only_customer_id());
  EXPECT_EQ(erp_->requests_to("/createcustomer").size(), 1u);  // the first host's only
  EXPECT_EQ(erp_->requests_to("/customers").size(), 1u);
  (void)service;
}

}  // namespace
}  // namespace erpbridge::service::testing
