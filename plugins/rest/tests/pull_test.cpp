// Sync back through rest.so's C ABI with plugins/rest/examples/sync-back-tenant.yaml: pull_changes
// against the real test ERP (tests/peers/sample_erp), whose /stock and /order-status change
// lists the example's feeds read through a real HTTP client on loopback, and translate_push of
// the example's push shapes.
#include <dlfcn.h>
#include <erpbridge/plugin_abi.h>
#include <gtest/gtest.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <sstream>

#include "config/tenant_config.hpp"
#include "support/sample_erp.hpp"

namespace erpbridge::rest {
namespace {

namespace json = boost::json;
using erpbridge::testing::SampleErp;

// The example tenant's settings, read with the host's own config reader.
std::string example_settings() {
  ::setenv("SYNC_BACK_ERP_PORT", "18080", 1);
  ::setenv("SYNC_BACK_ERP_PASSWORD", "erp-secret", 1);
  ::setenv("SYNC_BACK_INBOUND_PASSWORD", "inbound-secret", 1);
  config::TenantConfig tenant = config::load_tenant_config(REST_EXAMPLE_TENANT);
  EXPECT_EQ(tenant.connector, "rest");
  return json::serialize(tenant.settings);
}

// What the test host hands back; the erpb_http_response points into it.
struct OwnedResponse {
  erpb_http_response raw{};
  std::string body;
  std::string error;
};

int g_erp_port = 0;

void host_log(erpb_host_ctx*, erpb_log_level, erpb_str) {}

// The host's HTTP service: the connection's base URL and credentials added, as the real host's
// pooled client does.
const erpb_http_response* host_send(erpb_host_ctx*, const erpb_http_request* request) {
  auto* owned = new OwnedResponse;
  owned->raw.struct_size = sizeof(erpb_http_response);
  try {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(g_erp_port));
    Poco::Net::HTTPRequest http(std::string(request->method.data, request->method.size),
                                std::string(request->target.data, request->target.size),
                                Poco::Net::HTTPMessage::HTTP_1_1);
    for (std::size_t i = 0; i < request->header_count; ++i)
      http.set(std::string(request->headers[i].name.data, request->headers[i].name.size),
               std::string(request->headers[i].value.data, request->headers[i].value.size));
    http.set("username", "erpbridge");
    http.set("password", "erp-secret");
    http.setContentLength(static_cast<std::streamsize>(request->body.size));
    session.sendRequest(http).write(request->body.data,
                                    static_cast<std::streamsize>(request->body.size));
    Poco::Net::HTTPResponse response;
    std::ostringstream text;
    Poco::StreamCopier::copyStream(session.receiveResponse(response), text);
    owned->body = text.str();
    owned->raw.transport = ERPB_TRANSPORT_OK;
    owned->raw.status = static_cast<int>(response.getStatus());
  } catch (const Poco::Exception& e) {
    owned->error = e.displayText();
    owned->raw.transport = ERPB_TRANSPORT_SENT_NO_RESPONSE;
  }
  owned->raw.body = {owned->body.data(), owned->body.size()};
  owned->raw.error = {owned->error.data(), owned->error.size()};
  return &owned->raw;
}

void host_release(erpb_host_ctx*, const erpb_http_response* response) {
  delete reinterpret_cast<const OwnedResponse*>(response);  // raw is the first member
}

struct Answer {
  erpb_result_class result_class;
  json::object body;
};

class RestPull : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { erp_ = new SampleErp(); }
  static void TearDownTestSuite() {
    delete erp_;
    erp_ = nullptr;
  }

  void SetUp() override {
    erp_->reset();
    g_erp_port = erp_->port();
    library_ = dlopen(REST_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(library_, nullptr) << dlerror();
    auto entry = reinterpret_cast<erpb_entry_fn>(dlsym(library_, ERPB_ENTRY_SYMBOL));
    ASSERT_NE(entry, nullptr);
    erpb_host_offer offer{sizeof(erpb_host_offer), ERPB_ABI_VERSION_MAJOR, ERPB_ABI_VERSION_MINOR};
    info_ = entry(&offer);
    ASSERT_NE(info_, nullptr);
    ASSERT_NE(info_->pull_changes, nullptr);
    api_.struct_size = sizeof api_;
    api_.abi_major = ERPB_ABI_VERSION_MAJOR;
    api_.abi_minor = ERPB_ABI_VERSION_MINOR;
    api_.log = host_log;
    api_.http_send = host_send;
    api_.http_release = host_release;
    connector_ = create(example_settings());
    ASSERT_NE(connector_, nullptr);
  }
  void TearDown() override {
    if (connector_) info_->destroy(connector_);
  }

  erpb_connector* create(const std::string& settings) {
    erpb_buffer error{nullptr, 0};
    erpb_connector* connector =
        info_->create(&api_, nullptr, {settings.data(), settings.size()}, &error);
    if (error.data) {
      ADD_FAILURE() << std::string(error.data, error.size);
      info_->release_buffer(error.data);
    }
    return connector;
  }

  Answer pull(erpb_connector* connector, const json::value& cursor, int limit = 500) {
    std::string input = json::serialize(json::object{{"cursor", cursor}, {"limit", limit}});
    erpb_buffer result{nullptr, 0};
    erpb_result_class cls = info_->pull_changes(connector, {input.data(), input.size()}, &result);
    json::object body = json::parse(std::string_view(result.data, result.size)).as_object();
    info_->release_buffer(result.data);
    return {cls, body};
  }
  Answer pull(const json::value& cursor, int limit = 500) {
    return pull(connector_, cursor, limit);
  }

  static void add_stock(const char* changes) {
    // The control API takes {"changes": [{"sku", "onHand"}]}.
    control("/_control/stock", std::string(R"({"changes":)") + changes + "}");
  }
  static void control(const std::string& path, const std::string& body) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(erp_->port()));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::ostringstream ignored;
    Poco::StreamCopier::copyStream(session.receiveResponse(response), ignored);
    ASSERT_EQ(response.getStatus(), Poco::Net::HTTPResponse::HTTP_OK) << path << " " << body;
  }
  // Creates customer C000001 and order SO000001 (two lines) through the ERP's own API.
  static void create_order() {
    auto post = [](const std::string& path, const std::string& body) {
      Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(erp_->port()));
      Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path,
                                     Poco::Net::HTTPMessage::HTTP_1_1);
      request.set("username", "erpbridge");
      request.set("password", "erp-secret");
      request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(body.size()));
      session.sendRequest(request) << body;
      Poco::Net::HTTPResponse response;
      std::ostringstream ignored;
      Poco::StreamCopier::copyStream(session.receiveResponse(response), ignored);
      ASSERT_EQ(response.getStatus(), Poco::Net::HTTPResponse::HTTP_OK) << ignored.str();
    };
    post("/createcustomer",
         R"({"customer":{"externalId":"cu_1","firstName":"Asha","email":"a@example.com"}})");
    post("/createorder", R"({"order":{"externalId":"ORD-1","customerId":"C000001",
        "currency":"INR","grandTotal":"10.00","lines":[
        {"lineRef":"L1","sku":"TSHIRT-BLK-M","quantity":2,"unitPrice":"3.00"},
        {"lineRef":"L2","sku":"MUG-WHT","quantity":1,"unitPrice":"4.00"}]}})");
  }

  Answer translate(const std::string& kind, const std::string& body) {
    std::string input = json::serialize(json::object{{"kind", kind}, {"body", body}});
    erpb_buffer result{nullptr, 0};
    erpb_result_class cls =
        info_->translate_push(connector_, {input.data(), input.size()}, &result);
    json::object answer = json::parse(std::string_view(result.data, result.size)).as_object();
    info_->release_buffer(result.data);
    return {cls, answer};
  }

  static SampleErp* erp_;
  void* library_ = nullptr;
  const erpb_plugin_info* info_ = nullptr;
  erpb_host_api api_{};
  erpb_connector* connector_ = nullptr;
};
SampleErp* RestPull::erp_ = nullptr;

TEST_F(RestPull, StockAndShippedOrdersComeBackAsChangesWithACursor) {
  add_stock(R"([{"sku": "TSHIRT-BLK-M", "onHand": 12}, {"sku": "MUG-WHT", "onHand": 0}])");
  create_order();
  control("/_control/ship", R"({"orderId": "SO000001"})");

  auto first = pull(nullptr);
  ASSERT_EQ(first.result_class, ERPB_RESULT_OK) << json::serialize(first.body);
  EXPECT_EQ(first.body.at("inventory"), json::parse(R"([{"sku": "TSHIRT-BLK-M", "quantity": 12},
                                                        {"sku": "MUG-WHT", "quantity": 0}])"));
  EXPECT_EQ(first.body.at("order_status"), json::parse(R"([{"erp_order_id": "SO000001",
      "status": "Shipped", "items": [{"sku": "TSHIRT-BLK-M", "quantity": 2},
                                     {"sku": "MUG-WHT", "quantity": 1}]}])"));
  EXPECT_EQ(first.body.at("more"), false);
  // The feeds' own cursors, so each moves on independently.
  EXPECT_EQ(json::parse(first.body.at("cursor").as_string()),
            json::parse(R"({"inventory": 2, "order_status": 3})"));

  auto second = pull(first.body.at("cursor"));
  ASSERT_EQ(second.result_class, ERPB_RESULT_OK) << json::serialize(second.body);
  EXPECT_TRUE(second.body.at("inventory").as_array().empty());
  EXPECT_TRUE(second.body.at("order_status").as_array().empty());
  EXPECT_EQ(second.body.at("cursor"), first.body.at("cursor"));

  control("/_control/ship", R"({"orderId": "SO000001", "status": "delivered"})");
  auto third = pull(second.body.at("cursor"));
  ASSERT_EQ(third.body.at("order_status").as_array().size(), 1u);
  EXPECT_EQ(third.body.at("order_status").at(0).at("status"), "Delivered");
}

TEST_F(RestPull, MorePagesThroughWhatTheLimitLeftBehind) {
  add_stock(R"([{"sku": "A", "onHand": 1}, {"sku": "B", "onHand": 2}, {"sku": "C", "onHand": 3}])");
  // A limit of 2 over two feeds asks the ERP for one change per feed at a time.
  std::vector<std::string> skus;
  json::value cursor;
  for (int pulls = 1;; ++pulls) {
    ASSERT_LE(pulls, 3) << "more never ended";
    auto answer = pull(cursor, 2);
    ASSERT_EQ(answer.result_class, ERPB_RESULT_OK) << json::serialize(answer.body);
    for (const auto& change : answer.body.at("inventory").as_array())
      skus.emplace_back(change.at("sku").as_string());
    cursor = answer.body.at("cursor");
    if (!answer.body.at("more").as_bool()) break;
  }
  EXPECT_EQ(skus, (std::vector<std::string>{"A", "B", "C"}));
  const auto stock_calls = erp_->requests_to("/stock");
  ASSERT_EQ(stock_calls.size(), 3u);
  EXPECT_EQ(stock_calls[2].at("query"), json::parse(R"({"since": "2", "limit": "1"})"));
}

TEST_F(RestPull, AnErpOutageIsRetryableAndMovesNoCursor) {
  erp_->fail_next({{"path", "/stock"}, {"status", 503}});
  auto answer = pull(nullptr);
  EXPECT_EQ(answer.result_class, ERPB_RESULT_RETRYABLE);
  EXPECT_EQ(std::string(answer.body.at("message").as_string()).rfind("pull feed inventory: ", 0),
            0u)
      << json::serialize(answer.body);
  EXPECT_FALSE(answer.body.contains("cursor"));
}

TEST_F(RestPull, ACursorFromElsewhereIsInvalid) {
  auto answer = pull("17");
  EXPECT_EQ(answer.result_class, ERPB_RESULT_INVALID);
  EXPECT_EQ(answer.body.at("message"),
            "the stored pull cursor was not written by the rest connector (expected a JSON "
            "object of feed cursors)");
}

TEST_F(RestPull, ATenantWithoutPullSettingsIsToldSo) {
  erpb_connector* plain = create(R"({"events": {"order.cancelled": {"path": "/cancelorder"}}})");
  ASSERT_NE(plain, nullptr);
  auto answer = pull(plain, nullptr);
  info_->destroy(plain);
  EXPECT_EQ(answer.result_class, ERPB_RESULT_INVALID);
  EXPECT_EQ(answer.body.at("message"),
            "pull is not configured for this tenant (its rest settings have no pull: section)");
  EXPECT_TRUE(erp_->received().at("requests").as_array().empty());
}

TEST_F(RestPull, TheExamplesXmlShipmentNoteWithSeveralLinesTranslates) {
  auto answer = translate("order_status",
                          "<shipment><order>SO000001</order><state>delivered</state><lines>"
                          "<line><sku>A</sku><qty>2</qty></line><line><sku>B</sku><qty>1</qty>"
                          "</line></lines></shipment>");
  ASSERT_EQ(answer.result_class, ERPB_RESULT_OK) << json::serialize(answer.body);
  EXPECT_EQ(answer.body, json::parse(R"({"order_status": [{"erp_order_id": "SO000001",
      "status": "Delivered", "items": [{"sku": "A", "quantity": 2}, {"sku": "B", "quantity": 1}]}]})"));
}

TEST_F(RestPull, TheExamplesStockPushNamesABadField) {
  auto answer = translate("inventory", R"({"stock": [{"itemCode": "A", "adjust": 0}]})");
  EXPECT_EQ(answer.result_class, ERPB_RESULT_INVALID);
  EXPECT_EQ(answer.body.at("field"), "/stock/0/adjust");
}

}  // namespace
}  // namespace erpbridge::rest
