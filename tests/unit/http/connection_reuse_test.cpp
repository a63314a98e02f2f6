// Keep-alive pooling, idle connections the server closed, and the one repeat of a GET.
#include <gtest/gtest.h>

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "endpoint_config_for_tests.hpp"
#include "http/http_client.hpp"
#include "scripted_socket_server.hpp"
#include "test_http_server.hpp"

namespace erpbridge::http {
namespace {

using testkit::endpoint_config;
using testkit::get;
using testkit::ScriptedSocketServer;
using testkit::ServerOptions;
using testkit::TestHttpServer;
using namespace std::chrono_literals;

// Holds each request until `expected` requests are in flight at once (or a generous deadline).
class Rendezvous {
 public:
  explicit Rendezvous(int expected) : expected_(expected) {}
  void arrive_and_wait() {
    std::unique_lock lock(mutex_);
    const int round_complete_at = (arrived_ / expected_ + 1) * expected_;
    ++arrived_;
    changed_.notify_all();
    changed_.wait_for(lock, 10s, [&] { return arrived_ >= round_complete_at; });
  }

 private:
  const int expected_;
  std::mutex mutex_;
  std::condition_variable changed_;
  int arrived_ = 0;
};

std::vector<Response> send_concurrently(Endpoint& endpoint, int count) {
  std::vector<std::future<Response>> pending;
  for (int i = 0; i < count; ++i) {
    pending.push_back(std::async(std::launch::async, [&] { return endpoint.send(get("/")); }));
  }
  std::vector<Response> responses;
  for (auto& response : pending) responses.push_back(response.get());
  return responses;
}

TEST(ConnectionReuse, ReusesPooledConnectionForSequentialRequests) {
  TestHttpServer server;
  Endpoint endpoint(endpoint_config(server.url()));

  for (int i = 0; i < 3; ++i) {
    const Response response = endpoint.send(get("/"));
    ASSERT_EQ(response.transport, Transport::ok) << response.error;
  }

  EXPECT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST(ConnectionReuse, OpensMoreConnectionsUnderConcurrentLoadButKeepsOnlyMaxIdle) {
  Rendezvous two_in_flight(2);
  TestHttpServer server(ServerOptions().answer_with([&](const testkit::RecordedRequest&) {
    two_in_flight.arrive_and_wait();
    return testkit::CannedResponse{};
  }));
  EndpointConfig config = endpoint_config(server.url());
  config.max_idle_connections = 1;
  Endpoint endpoint(config);

  for (const Response& response : send_concurrently(endpoint, 2)) {
    ASSERT_EQ(response.transport, Transport::ok) << response.error;
  }
  ASSERT_EQ(server.connection_count(), 2u);  // both were in flight at once
  for (const Response& response : send_concurrently(endpoint, 2)) {
    ASSERT_EQ(response.transport, Transport::ok) << response.error;
  }

  // Only one of the first two connections was kept, so the second round needed one new one.
  EXPECT_EQ(server.connection_count(), 3u);
}

TEST(ConnectionReuse, ThreadsShareTheEndpointAndNeverOpenMoreConnectionsThanInFlight) {
  TestHttpServer server;
  Endpoint endpoint(endpoint_config(server.url()));
  constexpr int kThreads = 4;
  constexpr int kRequestsPerThread = 25;
  std::atomic<int> failures{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRequestsPerThread; ++i) {
        if (endpoint.send(get("/")).transport != Transport::ok) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(failures, 0);
  EXPECT_EQ(server.requests().size(), std::size_t{kThreads * kRequestsPerThread});
  EXPECT_LE(server.connection_count(), std::size_t{kThreads});
}

TEST(ConnectionReuse, DoesNotReuseAConnectionTheServerAnnouncedItWouldClose) {
  TestHttpServer server(ServerOptions().answer_with([](const testkit::RecordedRequest&) {
    testkit::CannedResponse response;
    response.close_connection = true;
    return response;
  }));
  Endpoint endpoint(endpoint_config(server.url()));

  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);
  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);

  EXPECT_EQ(server.connection_count(), 2u);
}

TEST(ConnectionReuse, OpensANewConnectionWhenTheServerClosedTheIdleOne) {
  ScriptedSocketServer server(
      [](ScriptedSocketServer& self, Poco::Net::StreamSocket& socket, int connection) {
        while (self.read_request(socket)) {
          ScriptedSocketServer::respond(socket, "answer-" + std::to_string(connection));
          if (connection == 0) {
            socket.close();  // an idle keep-alive connection the server gave up on
            self.signal();
            return;
          }
        }
      });
  Endpoint endpoint(endpoint_config(server.url()));
  ASSERT_EQ(endpoint.send(get("/")).body, "answer-0");
  ASSERT_TRUE(server.wait_for_signal(10s));

  const Response response = endpoint.send(get("/"));

  ASSERT_EQ(response.transport, Transport::ok) << response.error;
  EXPECT_EQ(response.body, "answer-1");
  EXPECT_EQ(server.connections(), 2);
  EXPECT_EQ(server.requests(), 2);  // the stale connection never delivered the second request
}

TEST(ConnectionReuse, OpensANewConnectionWhenTheServersKeepAliveTimeoutExpired) {
  TestHttpServer server(ServerOptions().close_idle_after(100ms));
  Endpoint endpoint(endpoint_config(server.url()));
  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);
  std::this_thread::sleep_for(600ms);  // well past the server's keep-alive timeout

  const Response response = endpoint.send(get("/"));

  ASSERT_EQ(response.transport, Transport::ok) << response.error;
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(server.connection_count(), 2u);
}

TEST(ConnectionReuse, GivesUpAfterOneRetryWhenTheServerKeepsResetting) {
  // Connection 0 answers once and then resets on the next request; every later connection
  // resets as soon as it has read a request.
  ScriptedSocketServer server(
      [](ScriptedSocketServer& self, Poco::Net::StreamSocket& socket, int connection) {
        if (connection == 0) {
          ASSERT_TRUE(self.read_request(socket));
          ScriptedSocketServer::respond(socket, "first");
        }
        if (self.read_request(socket)) ScriptedSocketServer::reset(socket);
      });
  Endpoint endpoint(endpoint_config(server.url()));
  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);
  const int requests_before = server.requests();

  const Response response = endpoint.send(get("/"));

  EXPECT_EQ(response.transport, Transport::sent_no_response);
  EXPECT_EQ(server.requests() - requests_before, 2);  // the stale attempt and one retry
  EXPECT_EQ(server.connections(), 2);
}

TEST(ConnectionReuse, DoesNotRetryWhenANewConnectionIsReset) {
  ScriptedSocketServer server([](ScriptedSocketServer& self, Poco::Net::StreamSocket& socket, int) {
    if (self.read_request(socket)) ScriptedSocketServer::reset(socket);
  });
  Endpoint endpoint(endpoint_config(server.url()));

  const Response response = endpoint.send(get("/"));

  EXPECT_EQ(response.transport, Transport::sent_no_response);
  EXPECT_EQ(server.requests(), 1);
  EXPECT_EQ(server.connections(), 1);
}

TEST(ConnectionReuse, DoesNotRetryAReadTimeoutOnAReusedConnection) {
  ScriptedSocketServer server([](ScriptedSocketServer& self, Poco::Net::StreamSocket& socket, int) {
    ASSERT_TRUE(self.read_request(socket));
    ScriptedSocketServer::respond(socket, "first");
    if (self.read_request(socket)) self.stall();  // the ERP is still working on it
  });
  Endpoint endpoint(endpoint_config(server.url()));
  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);
  Request slow = get("/");
  slow.read_timeout = 200ms;

  const Response response = endpoint.send(slow);

  EXPECT_EQ(response.transport, Transport::sent_no_response);
  EXPECT_EQ(server.requests(), 2);
  EXPECT_EQ(server.connections(), 1);
}

}  // namespace
}  // namespace erpbridge::http
