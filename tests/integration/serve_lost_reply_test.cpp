// A reply lost on a reused keep-alive connection, through `erpbridge serve`, the rest adapter
// (sample ERP) and the sap_xml adapter (SAP-like ERP): the test ERP applies the order's POST,
// and the proxy in front of it closes the connection instead of answering
// (tests/support/lost_reply_proxy.hpp). The host must not send the POST again by itself
// (RFC 9110 section 9.2.2) unless the tenant declared that the ERP honours the idempotency key
// it carries; either way the ERP ends with exactly one order.
#include <boost/json.hpp>

#include <regex>

#include "serve_fixture.hpp"
#include "support/lost_reply_proxy.hpp"
#include "support/sap_erp.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;

const std::string kSapErpPeer =
    std::string(ERPBRIDGE_SOURCE_DIR) + "/tests/peers/sap_erp/sap_erp.py";

// The demo tenant p8f3a21 (rest, sample ERP contract) in three variants, behind the proxy.
struct Variant {
  const char* tenant;
  const char* token;
  bool idempotency_header;  // settings send the delivery's key in Idempotency-Key
  bool lookups;             // settings keep their `lookup:` sections
  bool declared_key;        // connection.idempotency_key_header: Idempotency-Key
};

constexpr Variant kLookupOnly{"plost01", "lost-token-lookup", false, true, false};
constexpr Variant kKeyOnly{"plost02", "lost-token-key", true, false, false};
constexpr Variant kDeclaredKey{"plost03", "lost-token-declared", true, false, true};

// sap_xml tenants: no lookup; every post carries Idempotency-Key and EDI_DC40/ARCKEY, and the
// SAP-like ERP answers a repeated ARCKEY with its first reply.
constexpr Variant kSap{"psaplost1", "lost-token-sap", true, false, false};
constexpr Variant kSapDeclaredKey{"psaplost2", "lost-token-sap-declared", true, false, true};

class ServeLostReplyTest : public ServeTest {
 protected:
  void SetUp() override {
    erp_ = std::make_unique<SampleErp>("headers", "erpbridge", creds::kErpPassword);
    proxy_ = std::make_unique<LostReplyProxy>(erp_->port());
    sap_ = std::make_unique<SapErp>(kSapErpPeer);
    sap_proxy_ = std::make_unique<LostReplyProxy>(sap_->port());
    for (const Variant& variant : {kLookupOnly, kKeyOnly, kDeclaredKey}) write_tenant(variant);
    for (const Variant& variant : {kSap, kSapDeclaredKey}) write_sap_tenant(variant);
    start_serve();
  }

  void write_sap_tenant(const Variant& variant) {
    std::filesystem::create_directories(tenants_dir());
    dir_.write("tenants/" + std::string(variant.tenant) + ".yaml",
               std::string("tenant: ") + variant.tenant +
                   "\ninbound:\n  - type: bearer\n    token: " + variant.token +
                   "\nconnector: sap_xml\nconnection:\n  base_url: " + sap_proxy_->base_url() +
                   "\n" +
                   (variant.declared_key ? "  idempotency_key_header: Idempotency-Key\n" : "") +
                   "settings:\n  envelope: plain\n  path: /sap/bc/srt/idoc\n  control:\n"
                   "    mandt: 100\n    sndprn: COMMERCEUP\n    rcvprn: S4HCLNT100\n"
                   // SAP determines the sold-to's sales area from the order (VG204 without it).
                   "  sales_area: { sales_organization: '1000', distribution_channel: '10', "
                   "division: '00' }\n"
                   "delivery:\n  max_attempts: 8\n  backoff_initial_ms: 100\n"
                   "  backoff_max_ms: 1000\n");
  }

  void write_tenant(const Variant& variant) {
    std::string text = tenant_file(
        "demo-json.yaml", variant.tenant,
        std::string("  - type: bearer\n    token: ") + variant.token + "\n", "", settings_);
    std::string connection = "  base_url: " + proxy_->base_url() + "\n";
    if (variant.declared_key) connection += "  idempotency_key_header: Idempotency-Key\n";
    // The first base_url is the ERP connection's.
    text = std::regex_replace(text, std::regex("  base_url: [^\n]*\n"), connection,
                              std::regex_constants::format_first_only);
    if (!variant.idempotency_header)
      text = std::regex_replace(text, std::regex("  idempotency_header: [^\n]*\n"), "");
    if (!variant.lookups)
      text = std::regex_replace(text, std::regex("      lookup:\n(        [^\n]*\n)+"), "");
    std::filesystem::create_directories(tenants_dir());
    dir_.write("tenants/" + std::string(variant.tenant) + ".yaml", text);
  }

  struct Outcome {
    json::object status;  // of the order event
    int orders_at_erp = 0;
  };

  // Delivers the customer (its connection then idles in the pool), then the order, whose
  // reply the proxy loses on that reused connection.
  Outcome lose_order_reply(const Variant& variant, const std::string& suffix) {
    return lose_order_reply(variant, suffix, *proxy_, "POST /createorder",
                            [&](const std::string& order_id) { return erp_orders_with(order_id); });
  }

  Outcome lose_sap_order_reply(const Variant& variant) {
    return lose_order_reply(variant, "", *sap_proxy_, "<MESTYP>ORDERS</MESTYP>",
                            [&](const std::string&) { return static_cast<int>(sap_->orders()); });
  }

  Outcome lose_order_reply(const Variant& variant, const std::string& suffix, LostReplyProxy& proxy,
                           const std::string& order_request,
                           const std::function<int(const std::string&)>& orders_at_erp) {
    const HeaderList auth = bearer_auth(variant.token);
    const json::object customer = envelope("customer.created", suffix, variant.tenant);
    EXPECT_EQ(post_json("/v1/events", customer, auth).status, 202);
    EXPECT_EQ(final_status(std::string(customer.at("event_id").as_string()), auth).at("state"),
              "delivered");
    proxy.lose_reply_on_reused_connection(order_request);
    const json::object order = envelope("order.created", suffix, variant.tenant);
    EXPECT_EQ(post_json("/v1/events", order, auth).status, 202);
    Outcome out;
    out.status = final_status(std::string(order.at("event_id").as_string()), auth);
    out.orders_at_erp = orders_at_erp(std::string(order.at("data").at("order_id").as_string()));
    return out;
  }

  std::string metrics() const { return http("GET", "/metrics", "", admin_auth()).body; }

  long long lost_replies(const std::string& action) const {
    return reused_connection_lost_replies(metrics(), action);
  }

  std::unique_ptr<LostReplyProxy> proxy_;
  std::unique_ptr<SapErp> sap_;
  std::unique_ptr<LostReplyProxy> sap_proxy_;
};

TEST_F(ServeLostReplyTest, LostReplyToAPostIsLookedUpNotResentAndTheErpHasOneOrder) {
  const Outcome out = lose_order_reply(kLookupOnly, "-lost1");

  ASSERT_EQ(proxy_->replies_lost(), 1);
  EXPECT_EQ(out.orders_at_erp, 1);
  EXPECT_EQ(out.status.at("state"), "delivered") << json::serialize(out.status);
  // In doubt, then found by the lookup: the POST was never sent again.
  EXPECT_EQ(events_total(metrics(), kLookupOnly.tenant, "order.created", "in_doubt"), 1);
  EXPECT_EQ(erp_->requests_to("/createorder").size(), 1u);
  EXPECT_EQ(lost_replies("reported"), 1);
  EXPECT_EQ(lost_replies("repeated"), 0);
}

TEST_F(ServeLostReplyTest, LostReplyToAPostWithAnUndeclaredKeyIsResentOnlyByTheEngine) {
  // No lookup: the engine resends with the same key, which the ERP replays.
  const Outcome out = lose_order_reply(kKeyOnly, "-lost2");

  ASSERT_EQ(proxy_->replies_lost(), 1);
  EXPECT_EQ(out.orders_at_erp, 1);
  EXPECT_EQ(out.status.at("state"), "delivered") << json::serialize(out.status);
  EXPECT_EQ(out.status.at("attempts"), 2);
  EXPECT_EQ(lost_replies("reported"), 1);
}

TEST_F(ServeLostReplyTest, LostReplyToAPostWithTheDeclaredKeyIsRepeatedAtOnce) {
  const Outcome out = lose_order_reply(kDeclaredKey, "-lost3");

  ASSERT_EQ(proxy_->replies_lost(), 1);
  EXPECT_EQ(out.orders_at_erp, 1);
  EXPECT_EQ(out.status.at("state"), "delivered") << json::serialize(out.status);
  EXPECT_EQ(out.status.at("attempts"), 1);  // the client repeated it, never in doubt
  EXPECT_EQ(events_total(metrics(), kDeclaredKey.tenant, "order.created", "in_doubt"), 0);
  EXPECT_EQ(erp_->requests_to("/createorder").size(), 2u);  // the lost one and its repeat
  EXPECT_EQ(lost_replies("repeated"), 1);
  EXPECT_EQ(lost_replies("reported"), 0);
}

TEST_F(ServeLostReplyTest, LostReplyToAnIdocPostIsResentOnlyByTheEngineAndSapHasOneOrder) {
  const Outcome out = lose_sap_order_reply(kSap);

  ASSERT_EQ(sap_proxy_->replies_lost(), 1);
  EXPECT_EQ(out.orders_at_erp, 1);
  EXPECT_EQ(out.status.at("state"), "delivered") << json::serialize(out.status);
  EXPECT_EQ(out.status.at("attempts"), 2);  // in doubt, then resent with the same ARCKEY
  EXPECT_EQ(lost_replies("reported"), 1);
}

TEST_F(ServeLostReplyTest, LostReplyToAnIdocPostWithTheDeclaredKeyIsRepeatedAtOnce) {
  const Outcome out = lose_sap_order_reply(kSapDeclaredKey);

  ASSERT_EQ(sap_proxy_->replies_lost(), 1);
  EXPECT_EQ(out.orders_at_erp, 1);
  EXPECT_EQ(out.status.at("state"), "delivered") << json::serialize(out.status);
  EXPECT_EQ(out.status.at("attempts"), 1);
  EXPECT_EQ(lost_replies("repeated"), 1);
}

}  // namespace
}  // namespace erpbridge::testing
