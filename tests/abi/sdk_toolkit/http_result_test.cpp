// The one HTTP classification rule and Retry-After parser of <erpbridge/http_result.hpp>, and
// that sdk::Host hands adapters the same answer whether the host classified (ABI 1.2) or the
// SDK had to (an ABI 1.1 host).
#include <erpbridge/fake_host.hpp>
#include <erpbridge/http_result.hpp>

#include <gtest/gtest.h>

namespace erpbridge::sdk {
namespace {

using namespace std::chrono_literals;

// Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date.
const auto kRfcExample = std::chrono::system_clock::time_point(784111777s);

TEST(RetryAfter, DeltaSecondsAreMilliseconds) {
  EXPECT_EQ(parse_retry_after("120", kRfcExample), 120000);
  EXPECT_EQ(parse_retry_after(" 0 ", kRfcExample), 0);
}

TEST(RetryAfter, EachHttpDateFormIsTheWaitUntilThatDate) {
  const auto now = kRfcExample - 30s;
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), 30000);   // IMF-fixdate
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now), 30000);  // RFC 850
  EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:37 1994", now), 30000);        // asctime
}

TEST(RetryAfter, ADateInThePastMeansNoWait) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kRfcExample + 1h), 0);
}

TEST(RetryAfter, LongWaitsAreCappedAtADayInBothForms) {
  EXPECT_EQ(parse_retry_after("172800", kRfcExample), kMaxRetryAfterMs);
  EXPECT_EQ(parse_retry_after("99999999999999999999999", kRfcExample), kMaxRetryAfterMs);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kRfcExample - 72h),
            kMaxRetryAfterMs);
}

TEST(RetryAfter, AnythingElseIsIgnored) {
  EXPECT_EQ(parse_retry_after("soon", kRfcExample), std::nullopt);
  EXPECT_EQ(parse_retry_after("-5", kRfcExample), std::nullopt);
  EXPECT_EQ(parse_retry_after("", kRfcExample), std::nullopt);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 25:49:37 GMT", kRfcExample), std::nullopt);
}

TEST(HttpClassification, StatusesAndTransportsMapToTheDocumentedClasses) {
  auto cls = [](erpb_transport_status t, int status) {
    return classify_http(t, status, std::nullopt, kRfcExample).result_class;
  };
  EXPECT_EQ(cls(ERPB_TRANSPORT_OK, 201), ERPB_RESULT_OK);
  EXPECT_EQ(cls(ERPB_TRANSPORT_OK, 408), ERPB_RESULT_RETRYABLE);
  EXPECT_EQ(cls(ERPB_TRANSPORT_OK, 429), ERPB_RESULT_RETRYABLE);
  EXPECT_EQ(cls(ERPB_TRANSPORT_OK, 503), ERPB_RESULT_RETRYABLE);
  EXPECT_EQ(cls(ERPB_TRANSPORT_OK, 422), ERPB_RESULT_PERMANENT);
  EXPECT_EQ(cls(ERPB_TRANSPORT_OK, 302), ERPB_RESULT_PERMANENT);
  EXPECT_EQ(cls(ERPB_TRANSPORT_NOT_SENT, 0), ERPB_RESULT_RETRYABLE);
  EXPECT_EQ(cls(ERPB_TRANSPORT_SENT_NO_RESPONSE, 0), ERPB_RESULT_IN_DOUBT);
  EXPECT_EQ(cls(ERPB_TRANSPORT_BAD_REQUEST, 0), ERPB_RESULT_INVALID);
}

TEST(HttpClassification, RetryAfterCountsOnlyForARetryableStatus) {
  EXPECT_EQ(classify_http(ERPB_TRANSPORT_OK, 503, "7", kRfcExample).retry_after_ms, 7000);
  EXPECT_EQ(classify_http(ERPB_TRANSPORT_OK, 400, "7", kRfcExample).retry_after_ms, std::nullopt);
}

// The same scripted 429 through an ABI 1.2 host (which classifies) and an ABI 1.1 host
// (where Host::send classifies): the adapter sees one answer.
class HostOfMinor : public ::testing::TestWithParam<std::uint16_t> {};

TEST_P(HostOfMinor, AdapterSeesTheSameClassificationFromEitherHost) {
  testing::FakeHost fake(GetParam());
  fake.push(testing::reply(429, "slow down", {{"retry-after", "12"}}));
  fake.push(testing::reply(404, "no such thing"));
  fake.push(testing::no_answer());

  const HttpResponse throttled = fake.host().send({});
  EXPECT_EQ(throttled.result_class, ResultClass::retryable);
  EXPECT_EQ(throttled.retry_after_ms, 12000);
  EXPECT_EQ(fake.host().send({}).result_class, ResultClass::permanent);
  const HttpResponse lost = fake.host().send({});
  EXPECT_EQ(lost.result_class, ResultClass::in_doubt);
  EXPECT_EQ(lost.retry_after_ms, std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Abi, HostOfMinor, ::testing::Values(1, ERPB_ABI_VERSION_MINOR));

}  // namespace
}  // namespace erpbridge::sdk
