// What the client does when a reused keep-alive connection is closed by the server after the
// request went out and before any reply byte: the server may have applied it, so only a request
// that is harmless twice is sent again (RFC 9110 section 9.2.2); everything else comes back as
// sent_no_response for the caller's in-doubt handling.
#include <gtest/gtest.h>

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <string>

#include "endpoint_config_for_tests.hpp"
#include "http/http_client.hpp"
#include "http/reuse_counters.hpp"
#include "scripted_socket_server.hpp"

namespace erpbridge::http {
namespace {

using testkit::endpoint_config;
using testkit::ScriptedSocketServer;
using namespace std::chrono_literals;

// Connection 0 answers its first request, then reads (and so applies) the second and closes
// without a word, as an ERP that drops a keep-alive connection mid-request does. Every later
// connection answers everything.
void apply_second_then_close(ScriptedSocketServer& self, Poco::Net::StreamSocket& socket,
                             int connection) {
  if (connection == 0) {
    if (!self.read_request(socket)) return;
    ScriptedSocketServer::respond(socket, "first");
    if (self.read_request(socket)) socket.close();
    return;
  }
  while (self.read_request(socket)) ScriptedSocketServer::respond(socket, "repeated");
}

Request request(const std::string& method) {
  Request out;
  out.method = method;
  out.target = "/orders";
  if (method == "POST" || method == "PUT" || method == "PATCH") out.body = R"({"id":"o-1"})";
  return out;
}

struct LostReply {
  Response response;
  int requests_seen = 0;  // by the server, whole, so each one applied
  int connections = 0;
};

// Warms the pool with one answered request, then sends `second` on the reused connection.
LostReply lose_reply_to(const Request& second, const std::string& idempotency_key_header = "") {
  ScriptedSocketServer server(apply_second_then_close);
  EndpointConfig config = endpoint_config(server.url());
  config.idempotency_key_header = idempotency_key_header;
  Endpoint endpoint(config);
  EXPECT_EQ(endpoint.send(request("GET")).body, "first");
  LostReply out;
  out.response = endpoint.send(second);
  out.requests_seen = server.requests();
  out.connections = server.connections();
  return out;
}

void expect_repeated(const LostReply& lost) {
  EXPECT_EQ(lost.response.transport, Transport::ok) << lost.response.error;
  EXPECT_EQ(lost.response.body, "repeated");
  EXPECT_EQ(lost.requests_seen, 3);  // the warm-up, the lost one, the repeat
  EXPECT_EQ(lost.connections, 2);
}

void expect_left_in_doubt(const LostReply& lost) {
  EXPECT_EQ(lost.response.transport, Transport::sent_no_response);
  EXPECT_NE(lost.response.error, "");
  EXPECT_EQ(lost.requests_seen, 2);  // the lost one was applied once and never sent again
  EXPECT_EQ(lost.connections, 1);
}

class IdempotentMethod : public testing::TestWithParam<const char*> {};

TEST_P(IdempotentMethod, IsRepeatedOnANewConnectionAfterTheReplyWasLost) {
  expect_repeated(lose_reply_to(request(GetParam())));
}

INSTANTIATE_TEST_SUITE_P(LostReplyRepeat, IdempotentMethod,
                         testing::Values("GET", "OPTIONS", "PUT", "DELETE"));

class NonIdempotentMethod : public testing::TestWithParam<const char*> {};

TEST_P(NonIdempotentMethod, IsNotRepeatedAfterTheReplyWasLost) {
  expect_left_in_doubt(lose_reply_to(request(GetParam())));
}

INSTANTIATE_TEST_SUITE_P(LostReplyRepeat, NonIdempotentMethod, testing::Values("POST", "PATCH"));

TEST(LostReplyRepeat, HeadIsRepeatedAfterTheReplyWasLost) {
  // Apart from the others: a HEAD reply has no body, so only transport and counts are checked.
  const LostReply lost = lose_reply_to(request("HEAD"));
  EXPECT_EQ(lost.response.transport, Transport::ok) << lost.response.error;
  EXPECT_EQ(lost.requests_seen, 3);
  EXPECT_EQ(lost.connections, 2);
}

TEST(LostReplyRepeat, PostCarryingTheDeclaredIdempotencyKeyIsRepeated) {
  Request post = request("POST");
  post.headers.emplace_back("idempotency-key", "evt-1");  // header names ignore case

  expect_repeated(lose_reply_to(post, "Idempotency-Key"));
}

TEST(LostReplyRepeat, PostWithAnIdempotencyKeyTheTenantDidNotDeclareIsNotRepeated) {
  Request post = request("POST");
  post.headers.emplace_back("Idempotency-Key", "evt-1");

  expect_left_in_doubt(lose_reply_to(post));
}

TEST(LostReplyRepeat, PostWithAnEmptyDeclaredKeyIsNotRepeated) {
  Request post = request("POST");
  post.headers.emplace_back("Idempotency-Key", "");

  expect_left_in_doubt(lose_reply_to(post, "Idempotency-Key"));
}

TEST(LostReplyRepeat, PostTheCallerMarkedSafeIsRepeated) {
  Request post = request("POST");
  post.repeat = Repeat::safe;

  expect_repeated(lose_reply_to(post));
}

TEST(LostReplyRepeat, GetTheCallerMarkedNeverIsNotRepeated) {
  Request get = request("GET");
  get.repeat = Repeat::never;

  expect_left_in_doubt(lose_reply_to(get));
}

TEST(LostReplyRepeat, CountsEveryLostReplyByWhatTheClientDid) {
  const ReusedConnectionCloses before = reused_connection_closes();

  lose_reply_to(request("POST"));
  lose_reply_to(request("GET"));
  lose_reply_to(request("PATCH"));

  const ReusedConnectionCloses after = reused_connection_closes();
  EXPECT_EQ(after.reported - before.reported, 2u);
  EXPECT_EQ(after.repeated - before.repeated, 1u);
}

TEST(LostReplyRepeat, PostTheServerClosedOnBeforeReadingItWholeIsRepeated) {
  // Connection 0 answers, then reads only the head of the next request and resets: the body
  // cannot get out, so the server cannot have applied it and a repeat is safe for any method.
  ScriptedSocketServer server(
      [](ScriptedSocketServer& self, Poco::Net::StreamSocket& socket, int connection) {
        if (connection == 0) {
          if (!self.read_request(socket)) return;
          ScriptedSocketServer::respond(socket, "first");
          char byte;
          if (socket.receiveBytes(&byte, 1) == 1) ScriptedSocketServer::reset(socket);
          return;
        }
        while (self.read_request(socket)) ScriptedSocketServer::respond(socket, "repeated");
      });
  Endpoint endpoint(endpoint_config(server.url()));
  ASSERT_EQ(endpoint.send(request("GET")).body, "first");
  Request post = request("POST");
  post.body.assign(32 * 1024 * 1024, 'x');  // more than socket buffers hold, so writing fails

  const Response response = endpoint.send(post);

  ASSERT_EQ(response.transport, Transport::ok) << response.error;
  EXPECT_EQ(response.body, "repeated");
  EXPECT_EQ(server.requests(), 2);  // the warm-up and the repeat; the first POST never arrived
  EXPECT_EQ(server.connections(), 2);
}

TEST(LostReplyRepeat, IdleConnectionTheServerAlreadyClosedIsNotUsedForAPost) {
  // The server closes the idle connection right after answering: the client sees that before
  // writing, so the POST goes on a new connection and is never in doubt.
  ScriptedSocketServer server(
      [](ScriptedSocketServer& self, Poco::Net::StreamSocket& socket, int connection) {
        while (self.read_request(socket)) {
          ScriptedSocketServer::respond(socket, "answer-" + std::to_string(connection));
          if (connection == 0) {
            socket.close();
            self.signal();
            return;
          }
        }
      });
  Endpoint endpoint(endpoint_config(server.url()));
  ASSERT_EQ(endpoint.send(request("GET")).body, "answer-0");
  ASSERT_TRUE(server.wait_for_signal(10s));

  const Response response = endpoint.send(request("POST"));

  ASSERT_EQ(response.transport, Transport::ok) << response.error;
  EXPECT_EQ(response.body, "answer-1");
  EXPECT_EQ(server.requests(), 2);
}

}  // namespace
}  // namespace erpbridge::http
