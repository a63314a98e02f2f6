// The connection behaviour of `erpbridge serve` (issue 17): slow clients, idle connections and
// overload cannot starve the server, and overload is answered 503 with Retry-After rather than
// with a reset. Real binary, real sockets on loopback.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <future>
#include <thread>
#include <vector>

#include "raw_connection.hpp"
#include "serve_fixture.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class ServeConnectionsTest : public ServeTest {
 protected:
  static void expect_busy(const std::optional<HttpReply>& reply) {
    ASSERT_TRUE(reply.has_value()) << "no reply: the connection was closed or reset";
    EXPECT_EQ(reply->status, 503) << reply->body;
    EXPECT_EQ(reply->header("retry-after"), "1");
    EXPECT_EQ(reply->json().at("error").at("code"), "server_busy") << reply->body;
  }
};

TEST_F(ServeConnectionsTest, ASlowHeaderClientIsCutWhenTheRequestTimeoutExpires) {
  ServeSettings settings;
  settings.request_timeout_ms = 1000;
  restart_serve(settings);
  RawConnection slow(port());
  // One header byte every 50 ms: the header would take 15 s, its every byte well inside the
  // keep-alive timeout; only a deadline for the whole request stops it.
  const std::string header =
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(300, 'a') + "\r\n\r\n";
  const auto started = std::chrono::steady_clock::now();
  std::size_t sent = 0;
  std::optional<HttpReply> reply;
  for (; sent < header.size(); ++sent) {
    if (!slow.send(header.substr(sent, 1))) break;
    reply = slow.read_reply(50ms);
    if (reply) break;
  }
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(reply.has_value()) << "closed without a reply after " << sent << " bytes";
  EXPECT_EQ(reply->status, 408) << reply->body;
  EXPECT_EQ(reply->json().at("error").at("code"), "request_timeout") << reply->body;
  EXPECT_LT(sent, header.size()) << "the server waited for the whole slow header";
  EXPECT_GE(elapsed, 1000ms);
  EXPECT_TRUE(slow.closed_within(2s));
  // And the server answers the next client.
  EXPECT_EQ(http("GET", "/healthz").status, 200);
}

TEST_F(ServeConnectionsTest, TwoThousandIdleConnectionsDoNotStopAGoodRequest) {
  constexpr std::size_t kIdle = 2000;
  ASSERT_TRUE(raise_descriptor_limit(kIdle + 256)) << "RLIMIT_NOFILE's hard limit is too low";
  std::vector<RawConnection> idle;
  idle.reserve(kIdle);
  for (std::size_t i = 0; i < kIdle; ++i) idle.emplace_back(port());
  // Some of them have begun a request and stalled in its header.
  for (std::size_t i = 0; i < kIdle; i += 10)
    ASSERT_TRUE(idle[i].send("GET /healthz HTTP/1.1\r\n"));

  const HttpReply health = http("GET", "/healthz");
  EXPECT_EQ(health.status, 200) << health.body;
  const HttpReply created =
      post_json("/createcustomer", data("customer.created", "-idle"), bearer_auth());
  EXPECT_EQ(created.status, 200) << created.body;

  // The idle connections are still open and served.
  RawConnection& last = idle.back();
  ASSERT_TRUE(last.send(request_text("GET", "/healthz")));
  const auto reply = last.read_reply(5s);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
}

TEST_F(ServeConnectionsTest, AFullQueueAnswers503WithRetryAfterAndTheQueuedRequestsComplete) {
  ServeSettings settings;
  settings.threads = 1;
  settings.max_queued_requests = 1;
  restart_serve(settings);
  // The one handler thread delivers the first call inline and waits for the slow ERP.
  erp_->fail_next({{"path", "/createcustomer"}, {"mode", "delay"}, {"delay_ms", 3000}});
  const auto call = [this](const std::string& suffix) {
    return request_text("POST", "/createcustomer", bearer_auth(),
                        json::serialize(data("customer.created", suffix)));
  };
  RawConnection running(port()), queued(port()), refused(port());
  ASSERT_TRUE(running.send(call("-q1")));
  ASSERT_TRUE(eventually([&] { return erp_->requests_to("/createcustomer").size() == 1; }, 5s));
  ASSERT_TRUE(queued.send(call("-q2")));
  std::this_thread::sleep_for(300ms);  // read and queued: the queue is full

  ASSERT_TRUE(refused.send(call("-q3")));
  const auto busy = refused.read_reply(2s);
  expect_busy(busy);

  const auto first = running.read_reply(10s);
  const auto second = queued.read_reply(10s);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(second->status, 200) << second->body;
  // The refused client kept its connection and may retry on it.
  ASSERT_TRUE(refused.send(call("-q3")));
  const auto retried = refused.read_reply(10s);
  ASSERT_TRUE(retried.has_value());
  EXPECT_EQ(retried->status, 200) << retried->body;
}

TEST_F(ServeConnectionsTest, AConnectionBeyondTheCapIsAnswered503NotReset) {
  ServeSettings settings;
  settings.max_connections = 4;
  restart_serve(settings);
  std::vector<RawConnection> held;
  for (int i = 0; i < 4; ++i) held.emplace_back(port());
  ASSERT_TRUE(held[0].send(request_text("GET", "/healthz")));
  ASSERT_TRUE(held[0].read_reply(5s).has_value());  // all four are accepted by now

  RawConnection extra(port());
  ASSERT_TRUE(extra.send(request_text("GET", "/healthz")));
  expect_busy(extra.read_reply(5s));
  EXPECT_TRUE(extra.closed_within(2s));

  held.clear();
  EXPECT_TRUE(eventually([&] { return http("GET", "/healthz").status == 200; }, 5s));
}

TEST_F(ServeConnectionsTest, AnIdleConnectionIsClosedAfterTheKeepAliveTimeout) {
  ServeSettings settings;
  settings.keep_alive_timeout_ms = 500;
  restart_serve(settings);
  RawConnection connection(port());
  ASSERT_TRUE(connection.send(request_text("GET", "/healthz")));
  ASSERT_TRUE(connection.read_reply(5s).has_value());
  EXPECT_TRUE(connection.closed_within(3s));
}

TEST_F(ServeConnectionsTest, AHeadReplyHasNoBodyAndTheConnectionServesTheNextRequest) {
  RawConnection connection(port());
  ASSERT_TRUE(connection.send(request_text("HEAD", "/healthz") + request_text("GET", "/healthz")));
  const auto head = connection.read_reply(5s, /*to_head=*/true);
  ASSERT_TRUE(head.has_value());
  EXPECT_NE(head->header("content-length"), "0");  // announced, not sent
  // Had the HEAD reply carried its body, these bytes would come before the next status line.
  const auto next = connection.read_reply(5s);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->status, 200) << next->body;
  EXPECT_EQ(next->json().at("status"), "ok") << next->body;
}

}  // namespace
}  // namespace erpbridge::testing
