// Per-entity order and exactly-once documents through the real service, the real REST plugin
// and the real test ERP: while the ERP fails or is down, and when events arrive out of order.
#include <boost/json.hpp>

#include <map>
#include <optional>

#include "unit/service/service_harness.hpp"

namespace erpbridge::service::testing {
namespace {

namespace json = boost::json;
using store::EventState;

constexpr int kCustomers = 4;

// Submits, per customer i: customer, order, cancel and return, interleaved across customers
// the way a busy store would send them. Returns the event ids.
std::vector<std::string> submit_stream(EventService& service) {
  std::vector<std::string> ids;
  std::vector<std::function<events::Event(int)>> steps = {
      [](int i) { return customer_created(kTenant, i); },
      [](int i) { return order_created(kTenant, i, i); },
      [](int i) { return order_cancelled(kTenant, i); },
      [](int i) { return order_returned(kTenant, i); }};
  for (const auto& make : steps) {
    for (int i = 1; i <= kCustomers; ++i) {
      auto event = make(i);
      EXPECT_FALSE(service.submit(kTenant, event).duplicate);
      ids.push_back(event.event_id);
    }
  }
  return ids;
}

std::string reference_of(const json::object& request) {
  const auto& body = request.at("json").as_object();
  if (auto* c = body.if_contains("customer")) return std::string(c->at("externalId").as_string());
  if (auto* o = body.if_contains("order")) return std::string(o->at("externalId").as_string());
  if (auto* c = body.if_contains("cancel")) return std::string(c->at("reference").as_string());
  return std::string(body.at("return").at("reference").as_string());
}

// Where each document's successful request sits in the ERP's log; a document sent twice
// successfully fails the test.
std::map<std::string, std::size_t> positions(const json::value& received) {
  std::map<std::string, std::size_t> at;
  std::size_t i = 0;
  for (const auto& r : received.at("requests").as_array()) {
    ++i;
    const auto& request = r.as_object();
    const auto& status = request.at("replyStatus");
    if (request.at("method").as_string() != "POST" || !status.is_int64() ||
        status.as_int64() != 200)
      continue;
    const auto ref = reference_of(request);
    EXPECT_FALSE(at.count(ref)) << ref << " reached the ERP twice";
    at[ref] = i;
  }
  return at;
}

void expect_entity_order(const json::value& received) {
  auto at = positions(received);
  for (int i = 1; i <= kCustomers; ++i) {
    const auto n = std::to_string(i);
    ASSERT_TRUE(at.count("cu_" + n) && at.count("ORD-" + n) && at.count("CX-" + n) &&
                at.count("RT-" + n))
        << "customer " << n << " is missing a document";
    EXPECT_LT(at["cu_" + n], at["ORD-" + n]) << "order before its customer";
    EXPECT_LT(at["ORD-" + n], at["CX-" + n]) << "cancel before its order";
    EXPECT_LT(at["CX-" + n], at["RT-" + n]) << "return before the cancel submitted first";
  }
}

class DeliveryOrder : public DeliveryTest {
 protected:
  void expect_all_delivered_once(const std::vector<std::string>& ids) {
    for (const auto& id : ids) EXPECT_EQ(outcome(id).state, EventState::delivered) << id;
    EXPECT_EQ(erp_count("customers"), static_cast<std::size_t>(kCustomers));
    EXPECT_EQ(erp_count("orders"), static_cast<std::size_t>(kCustomers));
    EXPECT_EQ(erp_count("cancellations"), static_cast<std::size_t>(kCustomers));
    EXPECT_EQ(erp_count("returns"), static_cast<std::size_t>(kCustomers));
  }
};

TEST_F(DeliveryOrder, StreamPostedWhileTheErpFailsIsDeliveredOnceInEntityOrder) {
  erp_->fail_next({{"mode", "status"}, {"status", 503}, {"times", 40}});
  auto& service = start_with({.delivery = "{ max_attempts: 100, concurrency: 4, "
                                          "backoff_initial_ms: 10, backoff_max_ms: 80 }"});
  const auto ids = submit_stream(service);
  expect_all_delivered_once(ids);
  expect_entity_order(erp_->received());
  EXPECT_GT(service.metrics().event_count(kTenant, "customer.created", "retried"), 0);
}

TEST_F(DeliveryOrder, StreamPostedWhileTheErpIsDownIsDeliveredOnceAfterItRestarts) {
  erpbridge::testing::SampleErpOptions options;
  options.password = kErpPassword;
  options.data_file = (harness_.dir() / "erp.json").string();
  erp_ = std::make_unique<erpbridge::testing::SampleErp>(options);
  auto& service = start_with();
  erp_->stop();
  const auto ids = submit_stream(service);
  // Every lane head fails at least once against the closed port, without giving up.
  ASSERT_TRUE(eventually([&] {
    auto row = service.status(kTenant, "c-1");
    return row && row->attempts >= 2;
  }));
  EXPECT_EQ(service.status(kTenant, "c-1")->last_class, store::LastClass::retryable);
  EXPECT_EQ(service.status(kTenant, "x-1")->attempts, 0);  // waits behind its order
  erp_->start();
  expect_all_delivered_once(ids);
  expect_entity_order(erp_->received());
}

TEST_F(DeliveryOrder, CancelSubmittedBeforeItsOrderReachesTheErpGoesAfterItWithTheOrdersId) {
  erp_->fail_next({{"path", "/createorder"}, {"mode", "status"}, {"status", 503}, {"times", 3}});
  auto& service = start_with();
  service.submit(kTenant, customer_created(kTenant, 1));
  service.submit(kTenant, order_created(kTenant, 1, 1));
  service.submit(kTenant, order_cancelled(kTenant, 1));

  const auto cancel = outcome("x-1");
  ASSERT_EQ(cancel.state, EventState::delivered) << cancel.last_error;
  EXPECT_EQ(cancel.attempts, 1);  // never tried before its order was in the ERP
  const auto order = service.status(kTenant, "o-1");
  ASSERT_TRUE(order && order->erp_id);
  EXPECT_EQ(order->attempts, 4);
  auto cancels = accepted_by_erp("/cancelorder");
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].at("json").at("cancel").at("orderId").as_string(), *order->erp_id);
  EXPECT_EQ(erp_->requests_to("/cancelorder").size(), 1u);
}

TEST_F(DeliveryOrder, OrderSubmittedBeforeItsCustomerWaitsWithoutSpendingAttempts) {
  // One attempt allowed: if waiting counted, the order would be a dead letter.
  auto& service = start_with({.delivery = "{ max_attempts: 1, concurrency: 4 }"});
  service.submit(kTenant, order_created(kTenant, 7, 7));
  ASSERT_TRUE(eventually(
      [&] { return service.status(kTenant, "o-7")->last_class == store::LastClass::waiting; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // several waiting rounds
  // A waiting row is claimed again now and then to look for its parent, so a read may catch it
  // `delivering` for a moment; between rounds it is back to queued.
  std::optional<store::OutboxEvent> waiting;
  ASSERT_TRUE(eventually([&] {
    waiting = service.status(kTenant, "o-7");
    return waiting->state == EventState::queued;
  }));
  EXPECT_EQ(waiting->attempts, 0);
  EXPECT_NE(waiting->last_error.find("customer cu_7"), std::string::npos) << waiting->last_error;
  EXPECT_TRUE(erp_->requests_to("/createorder").empty());

  service.submit(kTenant, customer_created(kTenant, 7));
  const auto customer = outcome("c-7");
  const auto order = outcome("o-7");
  ASSERT_EQ(order.state, EventState::delivered) << order.last_error;
  EXPECT_EQ(order.attempts, 1);
  auto orders = accepted_by_erp("/createorder");
  ASSERT_EQ(orders.size(), 1u);
  EXPECT_EQ(orders[0].at("json").at("order").at("customerId").as_string(), *customer.erp_id);
}

}  // namespace
}  // namespace erpbridge::service::testing
