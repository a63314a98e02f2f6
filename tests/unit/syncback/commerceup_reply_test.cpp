// How Commerceup's replies are classified (core/syncback/commerceup_reply.hpp).
#include <gtest/gtest.h>

#include "syncback/commerceup_reply.hpp"

namespace erpbridge::syncback {
namespace {

using Clock = std::chrono::system_clock;

http::Response reply(int status, std::string body = "{\"status\":\"success\"}",
                     http::Headers headers = {}) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

http::Response transport(http::Transport t) {
  http::Response r;
  r.transport = t;
  r.error = "connection refused";
  return r;
}

ResultClass classify(const http::Response& r) {
  return classify_commerceup_reply(r, Clock::now()).result_class;
}

TEST(CommerceupReply, TwoHundredsAreOk) {
  EXPECT_EQ(classify(reply(200)), ResultClass::ok);
  EXPECT_EQ(classify(reply(204, "")), ResultClass::ok);
}

TEST(CommerceupReply, TimeoutsThrottlingAndServerErrorsAreRetryable) {
  for (int status : {408, 429, 500, 502, 503})
    EXPECT_EQ(classify(reply(status, "{}")), ResultClass::retryable) << status;
}

TEST(CommerceupReply, OtherClientErrorsArePermanentWithCommerceupsMessage) {
  auto r = classify_commerceup_reply(
      reply(400, R"({"status":"error","message":"inventory[0].quantity is required"})"),
      Clock::now());
  EXPECT_EQ(r.result_class, ResultClass::permanent);
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.message, "Commerceup answered 400: inventory[0].quantity is required");
  for (int status : {401, 404, 409, 422})
    EXPECT_EQ(classify(reply(status, "{}")), ResultClass::permanent);
}

TEST(CommerceupReply, NotSentIsRetryableNoReplyIsInDoubt) {
  EXPECT_EQ(classify(transport(http::Transport::not_sent)), ResultClass::retryable);
  EXPECT_EQ(classify(transport(http::Transport::sent_no_response)), ResultClass::in_doubt);
  EXPECT_EQ(classify(transport(http::Transport::bad_request)), ResultClass::permanent);
}

TEST(CommerceupReply, RetryAfterSecondsAndHttpDateAreHonoured) {
  auto r = classify_commerceup_reply(reply(503, "{}", {{"Retry-After", "7"}}), Clock::now());
  ASSERT_TRUE(r.retry_after);
  EXPECT_EQ(r.retry_after->count(), 7000);
  // The host's one Retry-After rule (sdk/http_result.hpp): dates relative to `now`, past ones
  // are 0, a wait over a day is capped, and a value in neither form is ignored.
  const auto now = Clock::from_time_t(1'700'000'000);  // Tue, 14 Nov 2023 22:13:20 GMT
  auto wait = [&](const char* value) {
    return classify_commerceup_reply(reply(503, "{}", {{"Retry-After", value}}), now).retry_after;
  };
  EXPECT_EQ(wait("Tue, 14 Nov 2023 22:13:50 GMT"), std::chrono::milliseconds(30'000));
  EXPECT_EQ(wait("Tuesday, 14-Nov-23 22:13:50 GMT"), std::chrono::milliseconds(30'000));
  EXPECT_EQ(wait("Tue, 14 Nov 2023 22:00:00 GMT"), std::chrono::milliseconds(0));
  EXPECT_FALSE(wait("soon"));
  EXPECT_EQ(wait("99999999999"), std::chrono::milliseconds(24LL * 3600 * 1000));
}

}  // namespace
}  // namespace erpbridge::syncback
