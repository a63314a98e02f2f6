// Sync back end to end (docs/sync-back.md): the ERP pushes stock levels and order statuses to
// the real `erpbridge serve`, which writes them to the real Commerceup open-API peer
// (tests/peers/commerceup) through its outbox: bounded bulk calls with the latest quantity
// per SKU, order statuses in order with Commerceup's order id from the id map, nothing lost
// while Commerceup is down, and the right 4xx for wrong credentials and bad bodies.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <boost/json.hpp>

#include <map>
#include <set>

#include "serve_fixture.hpp"
#include "support/commerceup_peer.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr const char* kApiKey = "cu-api-key-Tn6-never-logged";
constexpr const char* kPushToken = "erp-push-token-Gd3";

class SyncBackTest : public ServeTest {
 protected:
  void SetUp() override {
    peer_ =
        std::make_unique<CommerceupPeer>(std::map<std::string, std::string>{{"p8f3a21", kApiKey}});
    p8f3a21_extra_yaml_ =
        "commerceup:\n"
        "  base_url: " +
        peer_->base_url() +
        "/v1\n"
        "  api_key: ${env:P8F3A21_COMMERCEUP_API_KEY}\n"
        "  inventory_batch_size: 3\n"
        "  connect_timeout_ms: 1000\n"
        "  read_timeout_ms: 3000\n"
        "  push:\n"
        "    shape: canonical\n"
        "    credentials:\n"
        "      - type: bearer\n"
        "        token: ${env:P8F3A21_PUSH_TOKEN}\n";
    extra_environment_ = {{"P8F3A21_COMMERCEUP_API_KEY", kApiKey},
                          {"P8F3A21_PUSH_TOKEN", kPushToken}};
    ServeTest::SetUp();
  }

  void TearDown() override {
    ServeTest::TearDown();
    EXPECT_EQ(read_text(serve_log()).find(kApiKey), std::string::npos)
        << "the Commerceup API key appeared in the log";
  }

  HttpReply push(const std::string& target, const std::string& body,
                 const HeaderList& extra = {}) const {
    return http("POST", target, body, bearer_auth(kPushToken) + extra);
  }

  json::object stock() const { return peer_->state().at("p8f3a21").at("inventory").as_object(); }

  json::value order_history(const std::string& order_id) const {
    const json::value state = peer_->state();
    const auto& orders = state.at("p8f3a21").at("orders").as_object();
    auto it = orders.find(order_id);
    return it == orders.end() ? json::value(json::array{}) : it->value();
  }

  // The bulk calls Commerceup accepted (status 200), in order.
  std::vector<json::object> accepted_calls(const std::string& endpoint) const {
    std::vector<json::object> out;
    for (auto& call : peer_->requests_to(endpoint))
      if (call.at("status") == 200) out.push_back(call);
    return out;
  }

  std::vector<std::string> event_ids(const HttpReply& reply) const {
    std::vector<std::string> out;
    const json::object body = reply.json();
    for (const auto& id : body.at("event_ids").as_array()) out.emplace_back(id.as_string());
    return out;
  }

  std::unique_ptr<CommerceupPeer> peer_;
};

json::object expected_stock(std::initializer_list<std::pair<const char*, int>> entries) {
  json::object out;
  for (const auto& [sku, qty] : entries) out[sku] = qty;
  return out;
}

TEST_F(SyncBackTest, StockPushReachesCommerceupAsBoundedBulkCallsWithTheLatestQuantityPerSku) {
  HttpReply reply = push("/v1/erp/inventory", R"({"inventory":[
      {"sku":"A","quantity":1},{"sku":"B","quantity":2},{"sku":"A","quantity":3},
      {"sku":"C","quantity":4},{"sku":"D","quantity":5},{"sku":"B","quantity":6},
      {"sku":"E","quantity":7}]})");
  ASSERT_EQ(reply.status, 202) << reply.body;
  EXPECT_EQ(reply.json().at("accepted"), 7);
  EXPECT_EQ(reply.json().at("duplicates"), 0);
  EXPECT_EQ(reply.json().at("event_ids").as_array().size(), 7u);

  const auto want = expected_stock({{"A", 3}, {"B", 6}, {"C", 4}, {"D", 5}, {"E", 7}});
  ASSERT_TRUE(eventually([&] { return stock() == want; })) << json::serialize(stock());
  // One transaction stored all seven, so the first claim saw them all: A,B,A,C fold into one
  // call of three SKUs, then D,B,E.
  const auto calls = accepted_calls("bulkinventory");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].at("body"), json::parse(R"({"inventory":[{"sku":"A","quantity":3},
      {"sku":"B","quantity":2},{"sku":"C","quantity":4}]})"));
  EXPECT_EQ(calls[1].at("body"), json::parse(R"({"inventory":[{"sku":"D","quantity":5},
      {"sku":"B","quantity":6},{"sku":"E","quantity":7}]})"));
  EXPECT_TRUE(peer_->requests_to("inventory").empty());
  for (const auto& id : event_ids(reply))
    EXPECT_EQ(final_status(id, basic_auth()).at("state"), "delivered") << id;
}

TEST_F(SyncBackTest, DeltasGoToBulkIncrementSummedPerSku) {
  ASSERT_EQ(push("/v1/erp/inventory", R"({"inventory":[{"sku":"M","quantity":10}]})").status, 202);
  ASSERT_TRUE(eventually([&] { return stock() == expected_stock({{"M", 10}}); }));
  HttpReply reply =
      push("/v1/erp/inventory", R"({"inventory":[{"sku":"M","delta":-2},{"sku":"M","delta":-1}]})");
  ASSERT_EQ(reply.status, 202) << reply.body;
  ASSERT_TRUE(eventually([&] {
    return stock() == expected_stock({{"M", 7}});
  })) << json::serialize(stock());
  const auto calls = accepted_calls("bulkincrementinventory");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].at("body"), json::parse(R"({"inventory":[{"sku":"M","quantity":-3}]})"));
}

TEST_F(SyncBackTest, OrderStatusesOfOneOrderArriveInOrderWithCommerceupsOrderId) {
  ASSERT_EQ(post_json("/createcustomer", data("customer.created", "-sb"), basic_auth()).status,
            200);
  const json::object order = data("order.created", "-sb");
  HttpReply created = post_json("/createorder", order, basic_auth());
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string erp_order_id(created.json().at("orderId").as_string());
  const std::string commerceup_order_id(order.at("order_id").as_string());

  for (const char* status : {"In Process", "Shipped", "Delivered"}) {
    HttpReply r = push("/v1/erp/order-status",
                       R"({"order_status":[{"erp_order_id":")" + erp_order_id + R"(","status":")" +
                           status + R"(","items":[{"sku":"TSHIRT","quantity":1}]}]})");
    ASSERT_EQ(r.status, 202) << r.body;
  }
  const json::value want = json::array{"In Process", "Shipped", "Delivered"};
  ASSERT_TRUE(eventually([&] { return order_history(commerceup_order_id) == want; }))
      << json::serialize(peer_->state());
  for (const auto& call : peer_->requests_to("orderstatus"))
    EXPECT_EQ(call.at("body").at("orderId"), commerceup_order_id.c_str());
}

TEST_F(SyncBackTest, StatusOfAnOrderTheIdMapDoesNotKnowIsADeadLetterSayingWhy) {
  HttpReply r = push("/v1/erp/order-status",
                     R"({"order_status":[{"erp_order_id":"SO-NOT-OURS","status":"Shipped"}]})");
  ASSERT_EQ(r.status, 202) << r.body;
  const auto status = final_status(event_ids(r).at(0), basic_auth());
  EXPECT_EQ(status.at("state"), "dead");
  EXPECT_NE(json::serialize(status).find("no Commerceup order is mapped to ERP order SO-NOT-OURS"),
            std::string::npos)
      << json::serialize(status);
  EXPECT_TRUE(peer_->requests_to("orderstatus").empty());
}

TEST_F(SyncBackTest, OutageOfCommerceupLosesNothingAndDuplicatesNoAbsoluteUpdate) {
  peer_->fail(3, 503);
  ASSERT_EQ(push("/v1/erp/inventory", R"({"inventory":[{"sku":"A","quantity":1}]})").status, 202);
  ASSERT_TRUE(eventually([&] { return stock() == expected_stock({{"A", 1}}); }));

  peer_->fail_by_closing(2, "drop");  // read, no reply, nothing applied: in doubt, resent
  ASSERT_EQ(push("/v1/erp/inventory", R"({"inventory":[{"sku":"B","quantity":2}]})").status, 202);
  ASSERT_TRUE(eventually([&] { return stock() == expected_stock({{"A", 1}, {"B", 2}}); }));

  peer_->stop();  // connection refused: not sent, retried
  ASSERT_EQ(push("/v1/erp/inventory",
                 R"({"inventory":[{"sku":"C","quantity":3},{"sku":"D","quantity":4}]})")
                .status,
            202);
  ASSERT_EQ(
      push("/v1/erp/order-status", R"({"order_status":[{"order_id":"ORD-X","status":"Shipped"}]})")
          .status,
      202);
  peer_->start();  // empty state: only what is sent from now on counts
  ASSERT_TRUE(eventually([&] {
    return stock() == expected_stock({{"C", 3}, {"D", 4}});
  })) << json::serialize(stock());
  ASSERT_TRUE(
      eventually([&] { return order_history("ORD-X") == json::value(json::array{"Shipped"}); }));
  std::map<std::string, int> applied;
  for (const auto& call : accepted_calls("bulkinventory"))
    for (const auto& e : call.at("body").at("inventory").as_array())
      ++applied[std::string(e.at("sku").as_string())];
  EXPECT_EQ(applied, (std::map<std::string, int>{{"C", 1}, {"D", 1}}));
}

TEST_F(SyncBackTest, DeltaBatchWithoutAReplyIsADeadLetterInDoubtAndNeverResent) {
  peer_->fail_by_closing(1, "drop_after_processing");
  HttpReply r = push("/v1/erp/inventory", R"({"inventory":[{"sku":"Q","delta":5}]})");
  ASSERT_EQ(r.status, 202) << r.body;
  const auto status = final_status(event_ids(r).at(0), basic_auth());
  EXPECT_EQ(status.at("state"), "dead");
  EXPECT_NE(json::serialize(status).find("in_doubt"), std::string::npos) << json::serialize(status);
  EXPECT_EQ(stock(), expected_stock({{"Q", 5}}));  // applied once by the lost call
  EXPECT_EQ(peer_->requests_to("bulkincrementinventory").size(), 1u);
}

TEST_F(SyncBackTest, RepeatedPushWithTheSameIdempotencyKeyIsStoredOnce) {
  const std::string body = R"({"inventory":[{"sku":"K","quantity":1},{"sku":"L","quantity":2}]})";
  HttpReply first = push("/v1/erp/inventory", body, {{"Idempotency-Key", "stock-0001"}});
  ASSERT_EQ(first.status, 202) << first.body;
  HttpReply again = push("/v1/erp/inventory", body, {{"Idempotency-Key", "stock-0001"}});
  ASSERT_EQ(again.status, 202) << again.body;
  EXPECT_EQ(again.json().at("accepted"), 0);
  EXPECT_EQ(again.json().at("duplicates"), 2);
  EXPECT_EQ(event_ids(again), event_ids(first));
  HttpReply other = push("/v1/erp/inventory", body, {{"Idempotency-Key", "stock-0002"}});
  EXPECT_EQ(other.json().at("accepted"), 2);
}

TEST_F(SyncBackTest, PushNeedsAPushCredentialAndTheFacadeRefusesOne) {
  const std::string body = R"({"inventory":[{"sku":"A","quantity":1}]})";
  EXPECT_EQ(http("POST", "/v1/erp/inventory", body).status, 401);
  EXPECT_EQ(http("POST", "/v1/erp/inventory", body, basic_auth()).status, 401);
  EXPECT_EQ(http("POST", "/v1/erp/order-status", body, bearer_auth()).status, 401);
  EXPECT_EQ(http("POST", "/v1/erp/inventory", body, bearer_auth("wrong-token")).status, 401);
  EXPECT_EQ(
      post_json("/createorder", data("order.created", "-push"), bearer_auth(kPushToken)).status,
      401);
  EXPECT_EQ(http("GET", "/v1/dead-letters", "", bearer_auth(kPushToken)).status, 401);
  EXPECT_TRUE(peer_->received().at("requests").as_array().empty());
}

TEST_F(SyncBackTest, BadBodiesGetA4xxNamingTheField) {
  HttpReply r = push("/v1/erp/inventory", R"({"inventory":[{"sku":"A","quantity":-1}]})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("field"), "/inventory/0/quantity");
  EXPECT_EQ(r.json().at("error").at("message"), "/inventory/0/quantity: must be an integer >= 0");

  r = push("/v1/erp/order-status", R"({"order_status":[{"order_id":"O1","status":"Sent"}]})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("field"), "/order_status/0/status");

  r = push("/v1/erp/inventory", R"({"order_status":[]})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("field"), "/inventory");

  r = push("/v1/erp/inventory", R"({"inventory":[{"sku":"A\r\nB","quantity":1}]})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("field"), "/inventory/0/sku");

  r = push("/v1/erp/inventory", "{not json");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json().at("error").at("code"), "malformed_body");

  r = push("/v1/erp/inventory", R"({"inventory":[{"sku":"A","quantity":1}]})",
           {{"Idempotency-Key", "has spaces in it"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("code"), "invalid_header");
  EXPECT_EQ(r.json().at("error").at("field"), "Idempotency-Key");

  r = http("POST", "/v1/erp/inventory", "<inventory/>",
           bearer_auth(kPushToken) + HeaderList{{"Content-Type", "application/xml"}});
  EXPECT_EQ(r.status, 415) << r.body;
  // A JSON body the ERP labelled text/plain, or did not label, is refused as well.
  const std::string stock = R"({"inventory":[{"sku":"A","quantity":1}]})";
  r = http("POST", "/v1/erp/inventory", stock,
           bearer_auth(kPushToken) + HeaderList{{"Content-Type", "text/plain"}});
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_EQ(r.json().at("error").at("code"), "unsupported_media_type");
  r = http("POST", "/v1/erp/order-status", R"({"order_status":[]})",
           bearer_auth(kPushToken) + HeaderList{{"Content-Type", ""}});
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_EQ(http("GET", "/v1/erp/inventory", "", bearer_auth(kPushToken)).status, 405);
  EXPECT_TRUE(peer_->received().at("requests").as_array().empty());
}

// The REST adapter's pull feeds for the test ERP (as plugins/rest/examples/sync-back-tenant.yaml),
// indented to sit under `settings:`.
constexpr const char* kPullFeeds = R"(  pull:
    inventory:
      path: /stock
      query: { since: "{{cursor or 0}}", limit: "{{limit}}" }
      changes: |
        return {
          inventory = map(reply.changes, function(c) return { sku = c.sku, quantity = c.onHand } end),
          cursor = reply.cursor,
          more = reply.more,
        }
    order_status:
      path: /order-status
      query: { since: "{{cursor or 0}}", limit: "{{limit}}" }
      changes: |
        local statuses = { processing = "In Process", shipped = "Shipped", delivered = "Delivered" }
        return {
          order_status = map(reply.changes, function(c)
            return { erp_order_id = c.orderId, status = statuses[c.status] or error("unknown " .. c.status) }
          end),
          cursor = reply.cursor,
          more = reply.more,
        }
)";

// POST to the test ERP's control API (what its warehouse did).
void erp_control(int port, const std::string& path, const std::string& body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  Poco::Net::HTTPRequest request("POST", path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  session.receiveResponse(response).ignore(1 << 20);
  ASSERT_EQ(response.getStatus(), Poco::Net::HTTPResponse::HTTP_OK) << path << " " << body;
}

// The REST adapter's push mapping for an ERP that posts its own stock document
// (as plugins/rest/examples/sync-back-tenant.yaml), indented to sit under `settings:`.
constexpr const char* kPushMapping = R"(  push:
    inventory:
      changes: |
        if body.stock == nil then reject("/stock", "is required") end
        return {
          inventory = map(body.stock, function(s, i)
            if math.type(s.onHand) ~= "integer" or s.onHand < 0 then
              reject("/stock/" .. (i - 1) .. "/onHand", "must be a whole number >= 0")
            end
            return { sku = s.itemCode, quantity = s.onHand }
          end),
        }
)";

TEST_F(SyncBackTest, AdapterShapedPushIsTranslatedByTheTenantsConnector) {
  std::string text = read_text(tenants_dir() / "demo-json.yaml");
  text.insert(text.find("\nsettings:\n") + 11, kPushMapping);
  text.replace(text.find("shape: canonical"), 16, "shape: adapter");
  dir_.write("tenants/demo-json.yaml", text);
  ASSERT_EQ(http("POST", "/v1/admin/reload", "", admin_auth()).status, 200);

  HttpReply r = push("/v1/erp/inventory",
                     R"({"warehouse":"WH1","stock":[{"itemCode":"A","onHand":4},
                        {"itemCode":"B","onHand":0}]})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.json().at("accepted"), 2);
  ASSERT_TRUE(eventually([&] {
    return stock() == expected_stock({{"A", 4}, {"B", 0}});
  })) << json::serialize(stock());

  r = push("/v1/erp/inventory", R"({"stock":[{"itemCode":"A","onHand":-4}]})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("field"), "/stock/0/onHand");
  // The canonical shape is no longer what this tenant speaks.
  r = push("/v1/erp/inventory", R"({"inventory":[{"sku":"A","quantity":1}]})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("field"), "/stock");
  // No translation for order status is configured: the adapter refuses, the ERP learns why.
  r = push("/v1/erp/order-status", R"({"anything":1})");
  EXPECT_EQ(r.status, 422) << r.body;
}

class SyncBackPullTest : public SyncBackTest {
 protected:
  // The running service gains pull by a reload: feeds in the REST adapter's settings, and
  // `commerceup.pull` for the host's poller.
  void enable_pull_by_reload() {
    std::string text = read_text(tenants_dir() / "demo-json.yaml");
    text.insert(text.find("\nsettings:\n") + 11, kPullFeeds);
    text += "  pull:\n    interval_ms: 200\n    limit: 50\n";
    dir_.write("tenants/demo-json.yaml", text);
    HttpReply reload = http("POST", "/v1/admin/reload", "", admin_auth());
    ASSERT_EQ(reload.status, 200) << reload.body;
  }
};

TEST_F(SyncBackPullTest, PullThroughTheRestAdapterBringsStockAndAShippedOrderBackAfterAReload) {
  ASSERT_EQ(post_json("/createcustomer", data("customer.created", "-pl"), basic_auth()).status,
            200);
  const json::object order = data("order.created", "-pl");
  HttpReply created = post_json("/createorder", order, basic_auth());
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string erp_order_id(created.json().at("orderId").as_string());
  ASSERT_NO_FATAL_FAILURE(
      erp_control(erp_->port(), "/_control/stock",
                  R"({"changes":[{"sku":"TSHIRT-BLK-M","onHand":12},{"sku":"MUG","onHand":3}]})"));
  ASSERT_NO_FATAL_FAILURE(
      erp_control(erp_->port(), "/_control/ship",
                  R"({"orderId":")" + erp_order_id + R"(","status":"shipped"})"));

  ASSERT_NO_FATAL_FAILURE(enable_pull_by_reload());
  ASSERT_TRUE(eventually([&] {
    return stock() == expected_stock({{"TSHIRT-BLK-M", 12}, {"MUG", 3}});
  })) << json::serialize(stock());
  const std::string commerceup_order_id(order.at("order_id").as_string());
  ASSERT_TRUE(eventually([&] {
    return order_history(commerceup_order_id) == json::value(json::array{"Shipped"});
  })) << json::serialize(peer_->state());

  // Later changes come from the stored cursor: only the new count travels.
  ASSERT_NO_FATAL_FAILURE(
      erp_control(erp_->port(), "/_control/stock", R"({"changes":[{"sku":"MUG","onHand":1}]})"));
  ASSERT_TRUE(eventually([&] {
    return stock() == expected_stock({{"TSHIRT-BLK-M", 12}, {"MUG", 1}});
  }));
  std::map<std::string, int> sent;
  for (const auto& call : accepted_calls("bulkinventory"))
    for (const auto& e : call.at("body").at("inventory").as_array())
      ++sent[std::string(e.at("sku").as_string())];
  EXPECT_EQ(sent, (std::map<std::string, int>{{"MUG", 2}, {"TSHIRT-BLK-M", 1}}));
}

TEST_F(SyncBackPullTest, FailedPullIsLoggedCountedAndTriedAgainWithoutLosingTheChange) {
  ASSERT_NO_FATAL_FAILURE(
      erp_control(erp_->port(), "/_control/stock", R"({"changes":[{"sku":"LAMP","onHand":4}]})"));
  erp_->fail_next({{"path", "/stock"}, {"times", 2}, {"status", 503}});
  ASSERT_NO_FATAL_FAILURE(enable_pull_by_reload());
  ASSERT_TRUE(eventually([&] {
    return stock() == expected_stock({{"LAMP", 4}});
  })) << json::serialize(stock());
  const std::string log = read_text(serve_log());
  EXPECT_NE(log.find("pull tenant=p8f3a21 outcome=failed class=retryable"), std::string::npos)
      << log;
  const std::string metrics = http("GET", "/metrics", "", admin_auth()).body;
  EXPECT_NE(metrics.find("erpbridge_pulls_total{tenant=\"p8f3a21\",outcome=\"failed\"} 2"),
            std::string::npos)
      << metrics;
}

}  // namespace
}  // namespace erpbridge::testing
