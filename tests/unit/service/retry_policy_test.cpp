// The retry rules, without threads, stores or clocks.
#include "service/retry_policy.hpp"

#include <gtest/gtest.h>

namespace erpbridge::service {
namespace {

using std::chrono::milliseconds;
using store::EventState;

config::DeliverySettings settings() {
  config::DeliverySettings s;
  s.max_attempts = 5;
  s.max_age = std::chrono::seconds(3600);
  s.backoff_initial = milliseconds(500);
  s.backoff_max = milliseconds(8000);
  return s;
}

DeliveryResult result(ResultClass c, std::string message = "HTTP 503") {
  return DeliveryResult::failure(c, std::move(message));
}

AttemptFacts facts(int attempt, std::int64_t now = 1'000'000) {
  return {attempt, /*accepted_at_ms=*/now - 1000, now, /*in_doubt_before=*/false};
}

TEST(Backoff, FirstRetryWaitsTheInitialDelay) {
  EXPECT_EQ(backoff_delay(settings(), 1, 0.0), milliseconds(500));
  EXPECT_EQ(backoff_delay(settings(), 1, 0.99), milliseconds(500));
}

TEST(Backoff, JitterSpansInitialToTheDoublingCeiling) {
  EXPECT_EQ(backoff_delay(settings(), 3, 0.0), milliseconds(500));
  EXPECT_EQ(backoff_delay(settings(), 3, 1.0), milliseconds(2000));
  const auto mid = backoff_delay(settings(), 3, 0.5);
  EXPECT_GT(mid, milliseconds(500));
  EXPECT_LT(mid, milliseconds(2000));
}

TEST(Backoff, NeverExceedsTheMaximumHoweverManyAttempts) {
  EXPECT_EQ(backoff_delay(settings(), 10, 1.0), milliseconds(8000));
  EXPECT_EQ(backoff_delay(settings(), 1000, 1.0), milliseconds(8000));
  EXPECT_EQ(backoff_delay(settings(), 1000, 0.0), milliseconds(500));
}

TEST(Decide, OkIsDelivered) {
  DeliveryResult ok;
  EXPECT_EQ(decide(settings(), ok, facts(1), 0.5).kind, Decision::Kind::delivered);
}

TEST(Decide, InvalidAndPermanentAreDeadAtOnceWithTheirMessage) {
  for (auto c : {ResultClass::invalid, ResultClass::permanent}) {
    auto d = decide(settings(), result(c, "bad customer"), facts(1), 0.5);
    EXPECT_EQ(d.kind, Decision::Kind::dead);
    EXPECT_NE(d.reason.find("bad customer"), std::string::npos) << d.reason;
  }
}

TEST(Decide, RetryableIsRetriedQueuedAfterTheBackoff) {
  auto d = decide(settings(), result(ResultClass::retryable), facts(1), 0.5);
  EXPECT_EQ(d.kind, Decision::Kind::retry);
  EXPECT_EQ(d.state, EventState::queued);
  EXPECT_EQ(d.next_attempt_at_ms, 1'000'000 + 500);
}

TEST(Decide, RetryAfterLongerThanTheBackoffWins) {
  auto r = result(ResultClass::retryable);
  r.retry_after = milliseconds(7000);
  EXPECT_EQ(decide(settings(), r, facts(1), 0.5).next_attempt_at_ms, 1'000'000 + 7000);
}

TEST(Decide, RetryAfterShorterThanTheBackoffDoesNotShortenIt) {
  auto r = result(ResultClass::retryable);
  r.retry_after = milliseconds(10);
  EXPECT_EQ(decide(settings(), r, facts(1), 0.5).next_attempt_at_ms, 1'000'000 + 500);
}

TEST(Decide, InDoubtIsRetriedInDoubt) {
  auto d = decide(settings(), result(ResultClass::in_doubt), facts(1), 0.5);
  EXPECT_EQ(d.kind, Decision::Kind::retry);
  EXPECT_EQ(d.state, EventState::in_doubt);
}

TEST(Decide, FailedResendOfAnEventInDoubtStaysInDoubt) {
  auto f = facts(2);
  f.in_doubt_before = true;
  EXPECT_EQ(decide(settings(), result(ResultClass::retryable), f, 0.5).state, EventState::in_doubt);
}

TEST(Decide, LastAllowedAttemptMakesADeadLetterWithTheLastError) {
  EXPECT_EQ(decide(settings(), result(ResultClass::retryable), facts(4), 0.5).kind,
            Decision::Kind::retry);
  auto d = decide(settings(), result(ResultClass::retryable, "HTTP 502"), facts(5), 0.5);
  EXPECT_EQ(d.kind, Decision::Kind::dead);
  EXPECT_NE(d.reason.find("5 attempts"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("HTTP 502"), std::string::npos) << d.reason;
}

TEST(Decide, RetryThatWouldFallPastMaxAgeIsADeadLetterInstead) {
  auto s = settings();
  s.max_age = std::chrono::seconds(10);
  AttemptFacts f{1, /*accepted_at_ms=*/0, /*now_ms=*/9'800, false};
  auto d = decide(s, result(ResultClass::retryable), f, 0.5);
  EXPECT_EQ(d.kind, Decision::Kind::dead);
  EXPECT_NE(d.reason.find("max_age"), std::string::npos) << d.reason;
}

TEST(Waiting, ParentWaitGrowsFromAFifthOfASecondToFiveSeconds) {
  EXPECT_EQ(parent_wait_delay(0), milliseconds(200));
  EXPECT_EQ(parent_wait_delay(2000), milliseconds(1000));
  EXPECT_EQ(parent_wait_delay(3'600'000), milliseconds(5000));
}

TEST(Waiting, PastMaxAgeCountsFromAcceptance) {
  auto s = settings();
  s.max_age = std::chrono::seconds(1);
  EXPECT_FALSE(past_max_age(s, 0, 1000));
  EXPECT_TRUE(past_max_age(s, 0, 1001));
}

}  // namespace
}  // namespace erpbridge::service
