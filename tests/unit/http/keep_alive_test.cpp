// How long a pooled connection may idle: the endpoint's keep_alive_timeout, shortened by the
// server's own `Keep-Alive: timeout=`, so a connection the server is about to close is not used.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "endpoint_config_for_tests.hpp"
#include "http/http_client.hpp"
#include "http/keep_alive.hpp"
#include "test_http_server.hpp"

namespace erpbridge::http {
namespace {

using testkit::endpoint_config;
using testkit::get;
using testkit::ServerOptions;
using testkit::TestHttpServer;
using namespace std::chrono_literals;

TEST(KeepAlive, ServerTimeoutLessAMarginIsTheIdleLimit) {
  EXPECT_EQ(server_idle_limit("timeout=5, max=100"), 4000ms);
  EXPECT_EQ(server_idle_limit("max=100,Timeout = 3"), 2000ms);
  EXPECT_EQ(server_idle_limit("timeout=1"), 0ms);
  EXPECT_EQ(server_idle_limit("timeout=0"), 0ms);
}

TEST(KeepAlive, HeaderWithoutAReadableTimeoutSetsNoLimit) {
  EXPECT_EQ(server_idle_limit(""), std::nullopt);
  EXPECT_EQ(server_idle_limit("max=100"), std::nullopt);
  EXPECT_EQ(server_idle_limit("timeout=soon"), std::nullopt);
  EXPECT_EQ(server_idle_limit("timeout=-4"), std::nullopt);
}

TEST(KeepAlive, ConnectionIdleLongerThanTheEndpointsKeepAliveTimeoutIsNotReused) {
  TestHttpServer server;  // keeps idle connections open for 10 s
  EndpointConfig config = endpoint_config(server.url());
  config.keep_alive_timeout = 100ms;
  Endpoint endpoint(config);
  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);
  std::this_thread::sleep_for(300ms);

  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);

  EXPECT_EQ(server.connection_count(), 2u);
}

TEST(KeepAlive, ConnectionWithinTheEndpointsKeepAliveTimeoutIsReused) {
  TestHttpServer server;
  Endpoint endpoint(endpoint_config(server.url()));
  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);
  std::this_thread::sleep_for(300ms);

  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);

  EXPECT_EQ(server.connection_count(), 1u);
}

TEST(KeepAlive, ServerAnnouncingAOneSecondTimeoutGetsANewConnectionEveryTime) {
  TestHttpServer server(ServerOptions().answer_with([](const testkit::RecordedRequest&) {
    return testkit::reply(200, "ok", {{"Keep-Alive", "timeout=1"}});
  }));
  Endpoint endpoint(endpoint_config(server.url()));

  for (int i = 0; i < 3; ++i) ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);

  EXPECT_EQ(server.connection_count(), 3u);
}

TEST(KeepAlive, ServerAnnouncingALongerTimeoutKeepsItsConnectionPooled) {
  TestHttpServer server(ServerOptions().answer_with([](const testkit::RecordedRequest&) {
    return testkit::reply(200, "ok", {{"Keep-Alive", "timeout=5, max=100"}});
  }));
  Endpoint endpoint(endpoint_config(server.url()));

  for (int i = 0; i < 3; ++i) ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);

  EXPECT_EQ(server.connection_count(), 1u);
}

}  // namespace
}  // namespace erpbridge::http
