// How each kind of failure is classified, and that no failure text carries a credential.
#include <gtest/gtest.h>

#include <Poco/Exception.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "endpoint_config_for_tests.hpp"
#include "http/http_client.hpp"
#include "scripted_socket_server.hpp"
#include "self_signed_certificate.hpp"
#include "test_http_server.hpp"

namespace erpbridge::http {
namespace {

using testkit::endpoint_config;
using testkit::get;
using testkit::ScriptedSocketServer;
using testkit::ServerOptions;
using testkit::TestHttpServer;
using namespace std::chrono_literals;

// A loopback port with nothing listening on it.
std::string refused_url() {
  Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
  const auto port = probe.address().port();
  probe.close();
  return "http://127.0.0.1:" + std::to_string(port);
}

void stall_after_reading(ScriptedSocketServer& self, Poco::Net::StreamSocket& socket, int) {
  if (self.read_request(socket)) self.stall();
}

TEST(TransportErrors, ReportsNotSentWhenTheConnectionIsRefused) {
  Endpoint endpoint(endpoint_config(refused_url()));

  const Response response = endpoint.send(get("/createorder"));

  EXPECT_EQ(response.transport, Transport::not_sent);
  EXPECT_NE(response.error, "");
}

TEST(TransportErrors, ReportsNotSentWhenTheConnectTimesOut) {
  // A listener that never accepts, with its backlog filled: the kernel drops further SYNs, so
  // a connect neither succeeds nor is refused.
  Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0), 1);
  std::vector<Poco::Net::StreamSocket> backlog(4);
  for (auto& socket : backlog) {
    try {
      socket.connect(listener.address(), Poco::Timespan(0, 200 * 1000));
    } catch (const Poco::TimeoutException&) {
      break;  // full
    }
  }
  EndpointConfig config = endpoint_config("http://" + listener.address().toString());
  config.connect_timeout = 300ms;
  Endpoint endpoint(config);
  const auto started = std::chrono::steady_clock::now();

  const Response response = endpoint.send(get("/"));

  EXPECT_EQ(response.transport, Transport::not_sent) << response.error;
  EXPECT_NE(response.error.find("Timeout"), std::string::npos) << response.error;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 30s);
}

TEST(TransportErrors, ReportsNotSentWhenTheHostDoesNotResolve) {
  Endpoint endpoint(endpoint_config("http://no-such-host.invalid:8080"));

  const Response response = endpoint.send(get("/"));

  EXPECT_EQ(response.transport, Transport::not_sent);
}

TEST(TransportErrors, ReportsSentNoResponseWhenTheReadTimesOut) {
  ScriptedSocketServer server(stall_after_reading);
  EndpointConfig config = endpoint_config(server.url());
  config.read_timeout = 200ms;
  Endpoint endpoint(config);

  const Response response = endpoint.send(get("/"));

  EXPECT_EQ(response.transport, Transport::sent_no_response);
  EXPECT_EQ(server.requests(), 1);  // sent once, never retried
}

TEST(TransportErrors, PerRequestReadTimeoutOverridesTheEndpointDefault) {
  ScriptedSocketServer server(stall_after_reading);
  EndpointConfig config = endpoint_config(server.url());
  config.read_timeout = std::chrono::minutes(5);
  Endpoint endpoint(config);
  Request request = get("/");
  request.read_timeout = 200ms;
  const auto started = std::chrono::steady_clock::now();

  const Response response = endpoint.send(request);

  EXPECT_EQ(response.transport, Transport::sent_no_response);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 60s);
}

TEST(TransportErrors, ReportsSentNoResponseWhenTheBodyIsCutShort) {
  ScriptedSocketServer server([](ScriptedSocketServer& self, Poco::Net::StreamSocket& socket, int) {
    if (self.read_request(socket)) ScriptedSocketServer::respond_truncated(socket, "{\"id\"", 100);
  });
  Endpoint endpoint(endpoint_config(server.url()));

  const Response response = endpoint.send(get("/"));

  EXPECT_EQ(response.transport, Transport::sent_no_response);
  EXPECT_EQ(response.status, 200);
}

TEST(TransportErrors, ReportsSentNoResponseWhenTheBodyExceedsTheLimit) {
  for (const bool chunked : {false, true}) {
    TestHttpServer server(ServerOptions().answer_with([&](const testkit::RecordedRequest&) {
      testkit::CannedResponse response = testkit::reply(201, std::string(5000, 'x'));
      response.chunked = chunked;
      return response;
    }));
    EndpointConfig config = endpoint_config(server.url());
    config.max_response_body_bytes = 4096;
    Endpoint endpoint(config);

    const Response response = endpoint.send(get("/"));

    EXPECT_EQ(response.transport, Transport::sent_no_response) << "chunked=" << chunked;
    EXPECT_EQ(response.status, 201);  // for diagnosis: the ERP did answer
    EXPECT_TRUE(response.body.empty());
    EXPECT_NE(response.error.find("4096"), std::string::npos) << response.error;
  }
}

TEST(TransportErrors, AcceptsABodyExactlyAtTheLimit) {
  TestHttpServer server(ServerOptions().answer_with(
      [](const testkit::RecordedRequest&) { return testkit::reply(200, std::string(4096, 'x')); }));
  EndpointConfig config = endpoint_config(server.url());
  config.max_response_body_bytes = 4096;
  Endpoint endpoint(config);

  EXPECT_EQ(endpoint.send(get("/")).transport, Transport::ok);
}

// Every way a call can fail, with every kind of credential configured.
TEST(TransportErrors, ErrorMessagesNeverContainCredentials) {
  const std::string password = "Pa55-w0rd-XYZ";
  const std::string token = "tok-SECRET-123";
  const std::vector<Auth> auths = {
      {AuthKind::basic, "alice", Secret(password), {}},
      {AuthKind::username_password, "alice", Secret(password), {}},
      {AuthKind::bearer, {}, {}, Secret(token)},
  };
  ScriptedSocketServer stalling(stall_after_reading);
  ScriptedSocketServer resetting(
      [](ScriptedSocketServer& self, Poco::Net::StreamSocket& socket, int) {
        if (self.read_request(socket)) ScriptedSocketServer::reset(socket);
      });
  testkit::SelfSignedCertificate certificate("localhost", "DNS:localhost");
  TestHttpServer tls_server(ServerOptions().serve_tls(certificate.server_context()));
  const std::vector<std::pair<std::string, std::string>> failures = {
      {refused_url(), "/"},
      {stalling.url(), "/"},
      {resetting.url(), "/"},
      {tls_server.url("", "localhost"), "/"},
      {stalling.url(), "http://alice:" + password + "@127.0.0.1:1/" + token},
      {stalling.url(), "/" + password + "\r\n"},
  };

  for (const Auth& auth : auths) {
    for (const auto& [base_url, target] : failures) {
      EndpointConfig config = endpoint_config(base_url);
      config.auth = auth;
      config.read_timeout = 200ms;
      Endpoint endpoint(config);

      const Response response = endpoint.send(get(target));

      ASSERT_NE(response.transport, Transport::ok) << base_url << target;
      EXPECT_NE(response.error, "");
      EXPECT_EQ(response.error.find(password), std::string::npos) << response.error;
      EXPECT_EQ(response.error.find(token), std::string::npos) << response.error;
      EXPECT_EQ(response.error.find("YWxpY2U6"), std::string::npos) << response.error;  // base64
    }
  }
}

}  // namespace
}  // namespace erpbridge::http
