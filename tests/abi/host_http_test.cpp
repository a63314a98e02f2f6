// A plugin's HTTP call goes through the host's client to a real server on loopback, and the
// answer comes back through the C structs intact (and bounded where it must be).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <ctime>
#include <mutex>

#include "plugin/connector_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "test_plugin_dir.hpp"

namespace erpbridge::plugin {
namespace {

using abi_testing::sample_delivery;
using abi_testing::TestPluginDir;
using ::testing::HasSubstr;

// What the test ERP saw, and what it answers.
struct ErpExchange {
  std::mutex mutex;
  std::string method, uri, idempotency_key, body;
  int status = 201;
  std::string retry_after;  // sent as Retry-After when not empty
  std::string reply = R"({"id": "ERP-42"})";
};

class ErpHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit ErpHandler(ErpExchange& exchange) : exchange_(exchange) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    std::lock_guard<std::mutex> lock(exchange_.mutex);
    exchange_.method = request.getMethod();
    exchange_.uri = request.getURI();
    exchange_.idempotency_key = request.get("X-Idempotency-Key", "");
    exchange_.body = body;
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(exchange_.status));
    response.setContentType("application/json");
    response.set("X-Erp-Trace", "trace-9");
    if (!exchange_.retry_after.empty()) response.set("Retry-After", exchange_.retry_after);
    response.sendBuffer(exchange_.reply.data(), exchange_.reply.size());
  }

 private:
  ErpExchange& exchange_;
};

class ErpHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit ErpHandlerFactory(ErpExchange& exchange) : exchange_(exchange) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new ErpHandler(exchange_);
  }

 private:
  ErpExchange& exchange_;
};

// A one-route ERP on 127.0.0.1, port chosen by the kernel.
class LoopbackErp {
 public:
  LoopbackErp()
      : server_(new ErpHandlerFactory(exchange),
                Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
                new Poco::Net::HTTPServerParams) {
    server_.start();
  }
  ~LoopbackErp() { server_.stopAll(true); }
  std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(server_.socket().address().port());
  }
  ErpExchange exchange;

 private:
  Poco::Net::HTTPServer server_;
};

class HostHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.add("echo");
    ::testing::internal::CaptureStderr();
    registry_ = PluginRegistry::scan(dir_.path());
    ::testing::internal::GetCapturedStderr();
    ASSERT_NE(registry_.find("echo"), nullptr);
  }

  std::unique_ptr<ConnectorInstance> echo_over_http(std::shared_ptr<http::Endpoint> endpoint) {
    ConnectorSettingsError error;
    auto connector =
        ConnectorInstance::create(registry_.find("echo"), "tenant-h", std::move(endpoint),
                                  R"({"mode": "http", "target": "/createorder"})", error);
    EXPECT_NE(connector, nullptr) << error.message;
    return connector;
  }

  static std::shared_ptr<http::Endpoint> endpoint_at(const std::string& base_url) {
    http::EndpointConfig config;
    config.base_url = base_url;
    config.connect_timeout = std::chrono::milliseconds(2000);
    config.read_timeout = std::chrono::milliseconds(5000);
    return std::make_shared<http::Endpoint>(config);
  }

  // Delivers with the plugin's log lines kept out of the test output.
  static DeliveryResult deliver(ConnectorInstance& connector, const std::string& input) {
    ::testing::internal::CaptureStderr();
    DeliveryResult result = connector.deliver(input);
    ::testing::internal::GetCapturedStderr();
    return result;
  }

  TestPluginDir dir_;
  PluginRegistry registry_;
};

TEST_F(HostHttpTest, PluginReachesTheErpThroughTheHostClientAndReadsItsAnswer) {
  LoopbackErp erp;
  auto connector = echo_over_http(endpoint_at(erp.base_url()));

  const DeliveryResult result = deliver(*connector, sample_delivery("order.created"));

  EXPECT_EQ(result.result_class, ResultClass::ok) << result.message;
  EXPECT_EQ(result.erp_id, "ERP-42");
  EXPECT_EQ(result.http_status, 201);
  EXPECT_EQ(result.message, "trace trace-9");  // a response header, through the C structs
  std::lock_guard<std::mutex> lock(erp.exchange.mutex);
  EXPECT_EQ(erp.exchange.method, "POST");
  EXPECT_EQ(erp.exchange.uri, "/createorder");
  EXPECT_EQ(erp.exchange.idempotency_key, "idem-order.created");
  EXPECT_THAT(erp.exchange.body, HasSubstr("\"order_id\":\"ORD-5001\""));
}

TEST_F(HostHttpTest, ErpErrorBodyReachesTheResultOnlyAsABoundedExcerpt) {
  LoopbackErp erp;
  {
    std::lock_guard<std::mutex> lock(erp.exchange.mutex);
    erp.exchange.status = 422;
    erp.exchange.reply = std::string(5000, 'x');
  }
  auto connector = echo_over_http(endpoint_at(erp.base_url()));

  const DeliveryResult result = deliver(*connector, sample_delivery("order.created"));

  EXPECT_EQ(result.result_class, ResultClass::permanent);
  EXPECT_EQ(result.http_status, 422);
  EXPECT_EQ(result.body_excerpt, std::string(kMaxBodyExcerptBytes, 'x'));
}

TEST_F(HostHttpTest, ASecretOfTheConnectorSettingsEchoedByTheErpIsRedacted) {
  // The endpoint has no credential: the secret is known only from the settings, as a Tryton
  // tenant's password is.
  LoopbackErp erp;
  erp.exchange.status = 400;
  erp.exchange.reply = R"({"error": "bad login erpbridge / settings-only-pass-77"})";
  ConnectorSettingsError error;
  auto connector = ConnectorInstance::create(
      registry_.find("echo"), "tenant-h", endpoint_at(erp.base_url()),
      R"({"mode": "http", "target": "/createorder", "password": "settings-only-pass-77"})", error);
  ASSERT_NE(connector, nullptr) << error.message;

  const DeliveryResult result = deliver(*connector, sample_delivery("order.created"));

  EXPECT_EQ(result.http_status, 400);
  EXPECT_THAT(result.body_excerpt, HasSubstr("bad login erpbridge / [redacted]"));
  EXPECT_EQ(result.body_excerpt.find("settings-only-pass-77"), std::string::npos);
}

TEST_F(HostHttpTest, HostClassifiesTheReplyAndReadsAnHttpDateRetryAfter) {
  LoopbackErp erp;
  const auto in_a_minute = std::chrono::system_clock::now() + std::chrono::seconds(60);
  char date[64];
  const std::time_t t = std::chrono::system_clock::to_time_t(in_a_minute);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  {
    std::lock_guard<std::mutex> lock(erp.exchange.mutex);
    erp.exchange.status = 503;
    erp.exchange.retry_after = date;
  }
  auto connector = echo_over_http(endpoint_at(erp.base_url()));

  const DeliveryResult result = deliver(*connector, sample_delivery("order.created"));

  // The echo plugin passes on the class and wait the host put in the ABI 1.2 reply fields.
  EXPECT_EQ(result.result_class, ResultClass::retryable);
  ASSERT_TRUE(result.retry_after);
  EXPECT_GT(result.retry_after->count(), 55000);
  EXPECT_LE(result.retry_after->count(), 60000);
}

TEST_F(HostHttpTest, UnreachableErpIsReportedToThePluginAsNotSent) {
  int closed_port = 0;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    closed_port = probe.address().port();
  }
  auto connector = echo_over_http(endpoint_at("http://127.0.0.1:" + std::to_string(closed_port)));

  const DeliveryResult result = deliver(*connector, sample_delivery("order.created"));

  // The echo plugin maps any transport failure to retryable with the host's error text.
  EXPECT_EQ(result.result_class, ResultClass::retryable);
  EXPECT_FALSE(result.message.empty());
}

TEST_F(HostHttpTest, ConnectorWithoutAnEndpointGetsNotSentInsteadOfACrash) {
  auto connector = echo_over_http(nullptr);
  const DeliveryResult result = deliver(*connector, sample_delivery("order.created"));
  EXPECT_EQ(result.result_class, ResultClass::retryable);
  EXPECT_EQ(result.message, "no ERP connection is configured for this connector");
}

}  // namespace
}  // namespace erpbridge::plugin
