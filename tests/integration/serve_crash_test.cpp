// Nothing acknowledged is lost and nothing reaches the ERP twice when the service is killed
// (SIGKILL, no drain) in the middle of a burst and started again on the same store.
#include <boost/json.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "serve_fixture.hpp"

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

}  // namespace
}  // namespace erpbridge::testing
