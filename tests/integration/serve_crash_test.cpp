// Nothing acknowledged is lost and nothing reaches the ERP twice when the service is killed
// (SIGKILL, no drain) in the middle of a burst and started again on the same store.
#include <boost/json.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "serve_fixture.hpp"
#include "store/store.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;

using ServeCrashTest = ServeTest;

TEST_F(ServeCrashTest, SigkillDuringABurstLosesNoAcceptedEventAndDuplicatesNone) {
  constexpr int kEvents = 40;
  constexpr int kKillAfter = 15;
  // A slow ERP, so deliveries are in flight (some of them in doubt) when the service dies.
  erp_->fail_next({{"mode", "delay"}, {"delay_ms", 150}, {"times", 1000}});

  std::mutex mutex;
  std::set<std::string> acknowledged;  // customer ids whose event got 202 or 200
  std::atomic<int> next{0};
  std::atomic<bool> killed{false};
  auto sender = [&] {
    for (int i = next++; i < kEvents && !killed; i = next++) {
      json::object e = envelope("customer.created", "-burst-" + std::to_string(i));
      try {
        HttpReply r = post_json("/v1/events", e, bearer_auth());
        if (r.status == 202 || r.status == 200) {
          std::lock_guard lock(mutex);
          acknowledged.insert(std::string(e.at("data").at("customer_id").as_string()));
        }
      } catch (const std::exception&) {
        // The connection died with the service: not acknowledged, so not promised.
      }
    }
  };
  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t) senders.emplace_back(sender);
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mutex);
    return acknowledged.size() >= static_cast<std::size_t>(kKillAfter);
  }));
  kill_serve();
  killed = true;
  for (auto& t : senders) t.join();
  ASSERT_GE(acknowledged.size(), static_cast<std::size_t>(kKillAfter));

  start_serve();
  for (const auto& customer_id : acknowledged) {
    const std::string suffix = customer_id.substr(std::string("cu_1001").size());
    const std::string event_id = "evt_01HZX3K7Q2C8M5" + suffix;
    EXPECT_EQ(final_status(event_id, bearer_auth(), std::chrono::seconds(30)).at("state"),
              "delivered")
        << event_id;
  }
  // Every acknowledged customer exists exactly once in the ERP, and no customer twice.
  std::map<std::string, int> created;
  const json::value state = erp_->state();
  for (const auto& [id, record] : state.at("customers").as_object())
    ++created[std::string(record.at("externalId").as_string())];
  for (const auto& customer_id : acknowledged) EXPECT_EQ(created[customer_id], 1) << customer_id;
  for (const auto& [external_id, n] : created) EXPECT_EQ(n, 1) << external_id;
}

// The order ledger commits with the outcomes (docs/ledger.md): a cancel and a return, each
// killed while its ERP call is in flight, end applied exactly once after the restart.
TEST_F(ServeCrashTest, SigkillMidCancelAndMidReturnKeepsTheLedgerExact) {
  ASSERT_EQ(post_json("/createcustomer", data("customer.created"), bearer_auth()).status, 200);
  ASSERT_EQ(post_json("/createorder", data("order.created"), bearer_auth()).status, 200);
  for (const char* name : {"order.cancelled", "order.returned"}) {
    const std::string path =
        std::string(name) == "order.cancelled" ? "/cancelorder" : "/returnorder";
    // The ERP takes the call, then answers late: the service dies before the answer.
    erp_->fail_next({{"path", path}, {"mode", "delay"}, {"delay_ms", 1500}});
    json::object e = envelope(name);
    ASSERT_EQ(post_json("/v1/events", e, bearer_auth()).status, 202);
    ASSERT_TRUE(eventually([&] { return !erp_->requests_to(path).empty(); }));
    kill_serve();
    start_serve();
    EXPECT_EQ(final_status(std::string(e.at("event_id").as_string()), bearer_auth(),
                           std::chrono::seconds(30))
                  .at("state"),
              "delivered")
        << name;
  }
  stop_serve();
  auto store = store::open_store({dir_.path() / "store.db"});
  auto order = store->ledger().order("p8f3a21", "ORD-5001");
  ASSERT_TRUE(order);
  EXPECT_EQ(order->line("L2")->cancelled, 1);
  EXPECT_EQ(order->line("L2")->held, 0);
  EXPECT_EQ(order->line("L1")->returned, 1);
  EXPECT_EQ(order->line("L1")->held, 0);
  // The ERP applied each once (its idempotency key replayed the first reply to the resend).
  const json::value state = erp_->state();
  EXPECT_EQ(state.at("cancellations").as_array().size(), 1u);
  EXPECT_EQ(state.at("returns").as_array().size(), 1u);
}

}  // namespace
}  // namespace erpbridge::testing
