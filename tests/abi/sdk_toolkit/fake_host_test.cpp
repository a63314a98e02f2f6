// The SDK's fake host: what adapter unit tests rely on it for.
#include <erpbridge/fake_host.hpp>

#include <gtest/gtest.h>

namespace erpbridge::sdk {
namespace {

TEST(FakeHost, RecordsEachRequestAsTheAdapterBuiltIt) {
  testing::FakeHost fake;
  fake.push(testing::reply(201, R"({"id": "C-1"})", {{"X-Trace", "t1"}}));
  HttpRequest request;
  request.method = "PUT";
  request.target = "/customers/1";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = "{}";
  request.timeout_ms = 750;

  const HttpResponse response = fake.host().send(request);

  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, R"({"id": "C-1"})");
  EXPECT_EQ(response.header("x-trace"), "t1");
  const auto sent = fake.requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "PUT");
  EXPECT_EQ(sent[0].target, "/customers/1");
  EXPECT_EQ(sent[0].headers, request.headers);
  EXPECT_EQ(sent[0].body, "{}");
  EXPECT_EQ(sent[0].timeout_ms, 750u);
}

TEST(FakeHost, ScriptedRepliesComeInOrderThenTheHandlerAnswers) {
  testing::FakeHost fake;
  fake.push(testing::reply(500));
  fake.answer_with([](const HttpRequest& r) { return testing::reply(200, r.target); });
  EXPECT_EQ(fake.host().send({}).status, 500);
  HttpRequest second;
  second.target = "/echo";
  EXPECT_EQ(fake.host().send(second).body, "/echo");
  EXPECT_EQ(fake.unused_replies(), 0u);
}

TEST(FakeHost, AnUnscriptedRequestIsNotSentAndSaysWhichOne) {
  testing::FakeHost fake;
  HttpRequest request;
  request.target = "/orders";
  const HttpResponse response = fake.host().send(request);
  EXPECT_EQ(response.transport, ERPB_TRANSPORT_NOT_SENT);
  EXPECT_EQ(response.error, "fake host: no reply scripted for POST /orders");
}

TEST(FakeHost, KeepsLogLines) {
  testing::FakeHost fake;
  fake.host().log(ERPB_LOG_WARN, "careful");
  ASSERT_EQ(fake.logs().size(), 1u);
  EXPECT_EQ(fake.logs()[0].first, ERPB_LOG_WARN);
  EXPECT_EQ(fake.logs()[0].second, "careful");
}

TEST(FakeHost, AnHttpDateRetryAfterIsMeasuredFromTheFakeClock) {
  testing::FakeHost fake;
  fake.set_now(std::chrono::system_clock::time_point(std::chrono::seconds(784111777 - 90)));
  fake.push(testing::reply(503, "", {{"Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"}}));
  EXPECT_EQ(fake.host().send({}).retry_after_ms, 90000);
}

}  // namespace
}  // namespace erpbridge::sdk
