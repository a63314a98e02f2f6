// The whole sync back from a real Tryton to Commerceup, as a user runs it: `erpbridge serve`
// with a tryton tenant whose `commerceup:` section enables pull, the Commerceup open-API peer
// of tests/peers/commerceup, and the real trytond of tests/peers/tryton. An order goes in
// through POST /v1/events; then the warehouse adds stock and ships the sale in Tryton, and the
// host's poller must bring the new quantity and the Shipped status (under Commerceup's own
// order id, from the id map) to Commerceup, without anyone calling erpbridge.
#include <gtest/gtest.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <boost/json.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>
#include <thread>

#include "sample_events.hpp"
#include "support/child_process.hpp"
#include "support/commerceup_peer.hpp"
#include "tryton_peer.hpp"
#include "tryton_sync_actions.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr const char* kTenant = "p8f3a21";
constexpr const char* kInboundToken = "sync-back-inbound-T7";
constexpr const char* kCommerceupKey = "cu-key-sync-back-T7";

// "2026-11-27T08:00:00Z", `back` before now: where the tenant's first pull starts, so the
// test does not depend on whether the poller's first pull ran before the sale was made.
std::string utc_time_ago(std::chrono::seconds back) {
  const std::time_t t =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() - back);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

bool eventually(const std::function<bool()>& done, std::chrono::seconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return done();
}

class TrytonSyncBackTest : public WithTrytonPeer<> {
 protected:
  void SetUp() override {
    if (tryton_tests_skipped()) GTEST_SKIP() << "ERPBRIDGE_SKIP_TRYTON=1";
    commerceup_ = std::make_unique<CommerceupPeer>(
        std::map<std::string, std::string>{{kTenant, kCommerceupKey}});
    fs::create_directories(dir_.path() / "tenants");
    dir_.write("tenants/tryton.yaml",
               std::string("tenant: ") + kTenant +
                   "\ninbound:\n  - type: bearer\n    token: " + kInboundToken +
                   "\nconnector: tryton\nconnection:\n  base_url: " + peer_->base_url() +
                   "\n  read_timeout_ms: 60000\nsettings:\n  database: " + peer_->database() +
                   "\n  login: " + TrytonPeer::kLogin + "\n  password: " + TrytonPeer::kPassword +
                   "\n  pull:\n    since: \"" + utc_time_ago(std::chrono::seconds(5)) +
                   "\"\ncommerceup:\n  base_url: " + commerceup_->base_url() + "/v1\n  api_key: " +
                   kCommerceupKey + "\n  pull: { interval_ms: 300, limit: 100 }\n");
    const auto host_file = dir_.write(
        "erpbridge.yaml",
        "plugin_dir: " + std::string(ERPBRIDGE_PLUGIN_DIR) +
            "\ntenants_dir: tenants\nstore:\n  path: " + (dir_.path() / "store.db").string() +
            "\nserver:\n  listen: 127.0.0.1:0\nlog_level: info\n");
    serve_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        "/bin/sh", "-c", "exec \"$0\" serve --config \"$1\" 2>>\"$2\"", ERPBRIDGE_BINARY,
        host_file.string(), (dir_.path() / "serve.log").string()});
    const std::string address = serve_->wait_for_line("listening on ", std::chrono::seconds(60));
    port_ = std::stoi(address.substr(address.rfind(':') + 1));
  }

  // One HTTP call to erpbridge with the tenant's inbound token; the reply's status and JSON.
  std::pair<int, json::object> call(const std::string& method, const std::string& target,
                                    const std::string& body = "") const {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
    session.setTimeout(Poco::Timespan(60, 0));
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Authorization", std::string("Bearer ") + kInboundToken);
    if (!body.empty()) {
      request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    boost::system::error_code ec;
    json::value parsed = json::parse(text, ec);
    return {static_cast<int>(response.getStatus()),
            !ec && parsed.is_object() ? parsed.as_object() : json::object{}};
  }

  // Accepts the event and waits until the host delivered it to Tryton; returns its ERP id.
  std::string deliver(const json::value& event) {
    const auto [status, accepted] = call("POST", "/v1/events", json::serialize(event));
    EXPECT_EQ(status, 202) << json::serialize(accepted);
    const std::string id(event.at("event_id").as_string());
    json::object last;
    EXPECT_TRUE(eventually(
        [&] {
          last = call("GET", "/v1/events/" + id).second;
          return last["state"] == "delivered" || last["state"] == "dead";
        },
        std::chrono::seconds(120)));
    EXPECT_EQ(last["state"], "delivered") << json::serialize(last);
    return last["erp_id"].is_string() ? std::string(last["erp_id"].as_string()) : "";
  }

  json::object tenant_state() const {
    const json::value state = commerceup_->state();
    const json::value* tenant = state.as_object().if_contains(kTenant);
    return tenant && tenant->is_object() ? tenant->as_object() : json::object{};
  }

  TempDir dir_;
  std::unique_ptr<CommerceupPeer> commerceup_;
  std::unique_ptr<ChildProcess> serve_;
  int port_ = 0;
  SampleIds sample_ = next_sample_ids();
};

TEST_F(TrytonSyncBackTest, StockChangeAndShippedSaleInTrytonReachCommerceupByThemselves) {
  deliver(sample_.event("customer.created"));
  const std::string sale = deliver(sample_.event("order.created"));
  ASSERT_FALSE(sale.empty());

  add_stock(*peer_, "TSHIRT-BLU-M", 10);
  add_stock(*peer_, "MUG-CER-350", 5);
  ship_sale(*peer_, as_id(sale));
  const auto tshirts = static_cast<std::int64_t>(warehouse_quantity(*peer_, "TSHIRT-BLU-M"));
  const auto mugs = static_cast<std::int64_t>(warehouse_quantity(*peer_, "MUG-CER-350"));

  // Commerceup knows the order by its own id, which the host found in the id map.
  const std::string order = sample_.order();
  auto statuses = [&]() -> json::array {
    const json::object state = tenant_state();
    const json::value* orders = state.if_contains("orders");
    const json::value* history =
        orders && orders->is_object() ? orders->as_object().if_contains(order) : nullptr;
    return history && history->is_array() ? history->as_array() : json::array{};
  };
  auto quantity = [&](const std::string& sku) -> std::int64_t {
    const json::object state = tenant_state();
    const json::value* inventory = state.if_contains("inventory");
    const json::value* q =
        inventory && inventory->is_object() ? inventory->as_object().if_contains(sku) : nullptr;
    return q && q->is_int64() ? q->as_int64() : -1;
  };
  EXPECT_TRUE(eventually(
      [&] {
        const json::array history = statuses();
        return !history.empty() && history.back() == "Shipped" &&
               quantity("TSHIRT-BLU-M") == tshirts && quantity("MUG-CER-350") == mugs;
      },
      std::chrono::seconds(60)))
      << "Commerceup has " << json::serialize(commerceup_->state()) << "; expected " << order
      << " Shipped, TSHIRT-BLU-M " << tshirts << ", MUG-CER-350 " << mugs;

  // Stock went as absolute quantities through bulkinventory, never as deltas.
  EXPECT_FALSE(commerceup_->requests_to("bulkinventory").empty());
  EXPECT_TRUE(commerceup_->requests_to("bulkincrementinventory").empty());
  // Statuses arrive in the order Tryton went through them: nothing earlier after Shipped.
  const json::array history = statuses();
  bool shipped = false;
  for (const json::value& status : history) {
    if (status == "Shipped") shipped = true;
    if (shipped) {
      EXPECT_NE(status, "In Process") << json::serialize(history);
    }
  }
}

}  // namespace
}  // namespace erpbridge::testing
