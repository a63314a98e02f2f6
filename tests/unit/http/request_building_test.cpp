// What reaches the ERP: path, method, body, auth and default headers.
#include <gtest/gtest.h>

#include <stdexcept>

#include "endpoint_config_for_tests.hpp"
#include "http/http_client.hpp"
#include "test_http_server.hpp"

namespace erpbridge::http {
namespace {

using testkit::endpoint_config;
using testkit::get;
using testkit::ServerOptions;
using testkit::TestHttpServer;

constexpr const char* kPassword = "s3cr3t-P4ss";

TEST(RequestBuilding, AppendsTheTargetToTheBaseUrlPath) {
  TestHttpServer server;
  Endpoint endpoint(endpoint_config(server.url("/api")));

  const Response response = endpoint.send(get("/createorder?ref=A-1"));

  ASSERT_EQ(response.transport, Transport::ok) << response.error;
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].uri, "/api/createorder?ref=A-1");
}

TEST(RequestBuilding, SendsAnAbsoluteTargetOnTheSameOrigin) {
  TestHttpServer server;
  Endpoint endpoint(endpoint_config(server.url("/api")));

  const Response response = endpoint.send(get(server.url("/v2/orders/7")));

  ASSERT_EQ(response.transport, Transport::ok) << response.error;
  EXPECT_EQ(server.requests().at(0).uri, "/v2/orders/7");
}

TEST(RequestBuilding, RefusesAnAbsoluteTargetOnAnotherOriginWithoutContactingIt) {
  TestHttpServer configured;
  TestHttpServer other;
  EndpointConfig config = endpoint_config(configured.url("/api"));
  config.auth = {AuthKind::basic, "alice", Secret(kPassword), {}};
  Endpoint endpoint(config);

  for (const std::string& target :
       {other.url("/steal"), configured.url("/steal", "localhost"),
        "https://127.0.0.1:" + std::to_string(configured.port()) + "/steal"}) {
    const Response response = endpoint.send(get(target));
    EXPECT_EQ(response.transport, Transport::bad_request) << target;
    EXPECT_NE(response.error.find("origin"), std::string::npos) << response.error;
  }
  EXPECT_TRUE(other.requests().empty());
  EXPECT_TRUE(configured.requests().empty());
}

TEST(RequestBuilding, RefusesHeadersThatWouldInjectMoreHeaders) {
  TestHttpServer server;
  Endpoint endpoint(endpoint_config(server.url()));
  Request request = get("/x");
  request.headers = {{"X-Note", "a\r\nX-Injected: 1"}};

  EXPECT_EQ(endpoint.send(request).transport, Transport::bad_request);
  request.headers = {{"Bad Name", "v"}};
  EXPECT_EQ(endpoint.send(request).transport, Transport::bad_request);
  request.headers = {};
  request.method = "GET /evil";
  EXPECT_EQ(endpoint.send(request).transport, Transport::bad_request);
  EXPECT_TRUE(server.requests().empty());
}

TEST(RequestBuilding, SendsBasicAuthorization) {
  TestHttpServer server;
  EndpointConfig config = endpoint_config(server.url());
  config.auth = {AuthKind::basic, "alice", Secret(kPassword), {}};
  Endpoint endpoint(config);

  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);
  const auto request = server.requests().at(0);
  EXPECT_EQ(request.header("Authorization"), "Basic YWxpY2U6czNjcjN0LVA0c3M=");
  EXPECT_FALSE(request.header("password").has_value());
}

TEST(RequestBuilding, SendsUsernameAndPasswordHeaders) {
  TestHttpServer server;
  EndpointConfig config = endpoint_config(server.url());
  config.auth = {AuthKind::username_password, "alice", Secret(kPassword), {}};
  Endpoint endpoint(config);

  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);
  const auto request = server.requests().at(0);
  EXPECT_EQ(request.header("username"), "alice");
  EXPECT_EQ(request.header("password"), kPassword);
  EXPECT_FALSE(request.header("Authorization").has_value());
}

TEST(RequestBuilding, SendsBearerToken) {
  TestHttpServer server;
  EndpointConfig config = endpoint_config(server.url());
  config.auth = {AuthKind::bearer, {}, {}, Secret("tok-123")};
  Endpoint endpoint(config);

  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);
  EXPECT_EQ(server.requests().at(0).header("Authorization"), "Bearer tok-123");
}

TEST(RequestBuilding, SendsNoCredentialsWhenAuthIsNone) {
  TestHttpServer server;
  Endpoint endpoint(endpoint_config(server.url()));

  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);
  const auto request = server.requests().at(0);
  EXPECT_FALSE(request.header("Authorization").has_value());
  EXPECT_FALSE(request.header("username").has_value());
  EXPECT_FALSE(request.header("password").has_value());
}

TEST(RequestBuilding, SendsDefaultHeadersThatRequestHeadersOverride) {
  TestHttpServer server;
  EndpointConfig config = endpoint_config(server.url());
  config.headers = {{"X-Tenant", "shop-1"}, {"Accept", "application/xml"}};
  Endpoint endpoint(config);
  Request request = get("/");
  request.headers = {{"accept", "application/json"}, {"X-Trace", "t1"}};

  ASSERT_EQ(endpoint.send(request).transport, Transport::ok);
  const auto received = server.requests().at(0);
  EXPECT_EQ(received.header("X-Tenant"), "shop-1");
  EXPECT_EQ(received.header("Accept"), "application/json");
  EXPECT_EQ(received.count("Accept"), 1u);
  EXPECT_EQ(received.header("X-Trace"), "t1");
}

TEST(RequestBuilding, ConfiguredCredentialsWinOverARequestHeaderOfTheSameName) {
  TestHttpServer server;
  EndpointConfig config = endpoint_config(server.url());
  config.auth = {AuthKind::bearer, {}, {}, Secret("tenant-token")};
  Endpoint endpoint(config);
  Request request = get("/");
  request.headers = {{"Authorization", "Bearer forged"}};

  ASSERT_EQ(endpoint.send(request).transport, Transport::ok);
  const auto received = server.requests().at(0);
  EXPECT_EQ(received.header("Authorization"), "Bearer tenant-token");
  EXPECT_EQ(received.count("Authorization"), 1u);
}

TEST(RequestBuilding, SendsTheBodyWithItsLength) {
  TestHttpServer server;
  Endpoint endpoint(endpoint_config(server.url()));
  Request request;
  request.method = "POST";
  request.target = "/createorder";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = R"({"order":"A-1"})";

  ASSERT_EQ(endpoint.send(request).transport, Transport::ok);
  const auto received = server.requests().at(0);
  EXPECT_EQ(received.method, "POST");
  EXPECT_EQ(received.body, request.body);
  EXPECT_EQ(received.header("Content-Length"), std::to_string(request.body.size()));
  EXPECT_EQ(received.header("Content-Type"), "application/json");
}

TEST(RequestBuilding, SendsAnEmptyPostWithZeroContentLength) {
  TestHttpServer server;
  Endpoint endpoint(endpoint_config(server.url()));
  Request request;
  request.method = "POST";
  request.target = "/ping";

  ASSERT_EQ(endpoint.send(request).transport, Transport::ok);
  EXPECT_EQ(server.requests().at(0).header("Content-Length"), "0");
}

TEST(RequestBuilding, ReturnsAnyHttpStatusAsAResponse) {
  TestHttpServer server(ServerOptions().answer_with([](const testkit::RecordedRequest&) {
    return testkit::reply(503, "busy", {{"Retry-After", "7"}});
  }));
  Endpoint endpoint(endpoint_config(server.url()));

  const Response response = endpoint.send(get("/"));

  EXPECT_EQ(response.transport, Transport::ok);
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.body, "busy");
  EXPECT_EQ(response.header("retry-after"), "7");
  EXPECT_EQ(response.error, "");
}

TEST(RequestBuilding, ReadsAChunkedResponseBody) {
  TestHttpServer server(ServerOptions().answer_with([](const testkit::RecordedRequest&) {
    testkit::CannedResponse response = testkit::reply(200, std::string(100000, 'x'));
    response.chunked = true;
    return response;
  }));
  Endpoint endpoint(endpoint_config(server.url()));

  const Response response = endpoint.send(get("/"));

  ASSERT_EQ(response.transport, Transport::ok) << response.error;
  EXPECT_EQ(response.body, std::string(100000, 'x'));
}

TEST(ResponseHeaders, LookupIgnoresCase) {
  Response response;
  response.headers = {{"Content-Type", "application/json"}, {"X-Erp-Id", "42"}};

  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(response.header("X-ERP-ID"), "42");
  EXPECT_FALSE(response.header("X-Erp").has_value());
}

TEST(EndpointConfiguration, RejectsAnUnusableBaseUrlAtConstruction) {
  EXPECT_THROW(Endpoint(endpoint_config("ftp://127.0.0.1/x")), std::invalid_argument);
  EXPECT_THROW(Endpoint(endpoint_config("not a url")), std::invalid_argument);
}

TEST(EndpointConfiguration, RejectsDefaultHeadersThatWouldInjectMoreHeaders) {
  EndpointConfig config = endpoint_config("http://127.0.0.1:1");
  config.headers = {{"X-Tenant", "a\r\nX-Injected: 1"}};
  EXPECT_THROW(Endpoint{config}, std::invalid_argument);
}

}  // namespace
}  // namespace erpbridge::http
