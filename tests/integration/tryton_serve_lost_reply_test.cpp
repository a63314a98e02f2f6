// A reply lost on a reused keep-alive connection, against a real Tryton 6.0 through
// `erpbridge serve` (the `send` side is in tryton_lost_reply_test.cpp). The customer's
// delivery leaves its connection in the pool; the lost-reply proxy (tests/support) keeps it
// alive toward the host, as a reverse proxy in front of Tryton would, and loses the reply to
// one call of the order's delivery on it. A lost create is not repeated by the host: the
// delivery is in doubt, the adapter's lookup finds the draft sale, and the engine's resend
// resumes it, so Tryton has one sale. A lost search (marked safe to repeat by the adapter) is
// repeated by the host at once, and the delivery never becomes in doubt. Label `tryton`.
#include <boost/json.hpp>

#include <filesystem>

#include "sample_events.hpp"
#include "serve_fixture.hpp"
#include "support/lost_reply_proxy.hpp"
#include "tryton_peer.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kTenant = "ptryton1";
constexpr const char* kToken = "tryton-lost-token-Hq4";

class TrytonServeLostReplyTest : public WithTrytonPeer<ServeTest> {
 protected:
  void SetUp() override {
    if (tryton_tests_skipped()) GTEST_SKIP() << "ERPBRIDGE_SKIP_TRYTON=1";
    proxy_ = std::make_unique<LostReplyProxy>(peer_->port());
    std::filesystem::create_directories(tenants_dir());
    dir_.write("tenants/tryton.yaml",
               std::string("tenant: ") + kTenant + "\ninbound:\n  - type: bearer\n    token: " +
                   kToken + "\nconnector: tryton\nconnection:\n  base_url: " + proxy_->base_url() +
                   "\n  read_timeout_ms: 60000\nsettings:\n  database: " + peer_->database() +
                   "\n  login: admin\n  password: " + TrytonPeer::kPassword +
                   "\ndelivery:\n  max_attempts: 8\n  backoff_initial_ms: 100\n"
                   "  backoff_max_ms: 1000\n");
    ServeTest::SetUp();  // the demo tenants' sample ERP, then serve
  }

  // The sample event `name` of this test's ids, for the Tryton tenant.
  json::object event(const std::string& name) const {
    json::object envelope = sample_.event(name).as_object();
    envelope["project_hash"] = kTenant;
    return envelope;
  }

  // Posts the event to /v1/events and waits until it is delivered or dead.
  json::object deliver(const json::object& envelope) {
    EXPECT_EQ(post_json("/v1/events", envelope, bearer_auth(kToken)).status, 202);
    return final_status(std::string(envelope.at("event_id").as_string()), bearer_auth(kToken),
                        std::chrono::seconds(120));
  }

  std::string metrics() const { return http("GET", "/metrics", "", admin_auth()).body; }
  long long lost_replies(const std::string& action) const {
    return reused_connection_lost_replies(metrics(), action);
  }
  long long in_doubt_orders() const {
    return events_total(metrics(), kTenant, "order.created", "in_doubt");
  }

  std::int64_t sales() const {
    return peer_->count("sale.sale", {json::array{"reference", "=", sample_.order()}});
  }

  SampleIds sample_ = next_sample_ids();
  std::unique_ptr<LostReplyProxy> proxy_;
};

TEST_F(TrytonServeLostReplyTest, LostReplyToTheSaleCreateIsLookedUpAndResumedIntoOneSale) {
  ASSERT_EQ(deliver(event("customer.created")).at("state"), "delivered");
  proxy_->lose_reply_on_reused_connection("\"model.sale.sale.create\"");

  const json::object order = deliver(event("order.created"));

  ASSERT_EQ(proxy_->replies_lost(), 1);
  EXPECT_EQ(order.at("state"), "delivered") << json::serialize(order);
  EXPECT_EQ(order.at("attempts"), 2);  // in doubt, looked up (a draft sale), then resumed
  EXPECT_EQ(in_doubt_orders(), 1);
  EXPECT_EQ(lost_replies("reported"), 1);
  EXPECT_EQ(lost_replies("repeated"), 0);
  EXPECT_EQ(sales(), 1);
}

TEST_F(TrytonServeLostReplyTest, LostReplyToASearchIsRepeatedAtOnceAndNeverInDoubt) {
  ASSERT_EQ(deliver(event("customer.created")).at("state"), "delivered");
  proxy_->lose_reply_on_reused_connection("\"model.sale.sale.search_read\"");

  const json::object order = deliver(event("order.created"));

  ASSERT_EQ(proxy_->replies_lost(), 1);
  EXPECT_EQ(order.at("state"), "delivered") << json::serialize(order);
  EXPECT_EQ(order.at("attempts"), 1);
  EXPECT_EQ(in_doubt_orders(), 0);
  EXPECT_EQ(lost_replies("repeated"), 1);
  EXPECT_EQ(lost_replies("reported"), 0);
  EXPECT_EQ(sales(), 1);
}

}  // namespace
}  // namespace erpbridge::testing
