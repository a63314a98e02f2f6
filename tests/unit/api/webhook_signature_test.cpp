#include <gtest/gtest.h>

#include "api/webhook_signature.hpp"

namespace erpbridge::api {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

// The test vector of the Standard Webhooks reference libraries.
constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* kId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr const char* kTimestamp = "1614265330";
constexpr const char* kBody = R"({"test": 2432232314})";
constexpr const char* kSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

const system_clock::time_point kThen = system_clock::time_point(seconds(1614265330));

std::string key(const char* secret) {
  return webhook_key(secret).value();
}

SignatureCheck check(const std::string& signatures, std::vector<std::string> keys,
                     system_clock::time_point now = kThen, const char* body = kBody) {
  SignedRequest request{kId, kTimestamp, signatures, body};
  return verify_webhook_signature(request, keys, now, seconds(300));
}

TEST(WebhookSignature, MatchesTheStandardWebhooksTestVector) {
  EXPECT_EQ(sign_webhook(key(kSecret), kId, kTimestamp, kBody), kSignature);
  EXPECT_EQ(check(kSignature, {key(kSecret)}), SignatureCheck::valid);
}

TEST(WebhookSignature, AChangedBodyDoesNotMatch) {
  EXPECT_EQ(check(kSignature, {key(kSecret)}, kThen, R"({"test": 2432232315})"),
            SignatureCheck::mismatch);
}

TEST(WebhookSignature, AnyOneOfSeveralSignaturesOrKeysIsEnough) {
  const std::string old_key = key("whsec_b2xkLWtleS1vbGQta2V5LW9sZA==");
  const std::string both = "v1,bm90LWEtc2lnbmF0dXJl " + std::string(kSignature);
  EXPECT_EQ(check(both, {key(kSecret)}), SignatureCheck::valid);
  // Rotation: the tenant lists the old and the new key; a sender still on either passes.
  EXPECT_EQ(check(kSignature, {old_key, key(kSecret)}), SignatureCheck::valid);
  EXPECT_EQ(check(kSignature, {old_key}), SignatureCheck::mismatch);
}

TEST(WebhookSignature, OldOrFutureTimestampsAreRefused) {
  EXPECT_EQ(check(kSignature, {key(kSecret)}, kThen + seconds(301)), SignatureCheck::expired);
  EXPECT_EQ(check(kSignature, {key(kSecret)}, kThen - seconds(301)), SignatureCheck::expired);
  EXPECT_EQ(check(kSignature, {key(kSecret)}, kThen + seconds(299)), SignatureCheck::valid);
}

TEST(WebhookSignature, MissingHeadersAndBadTimestampsAreNamed) {
  SignedRequest no_id{std::nullopt, kTimestamp, kSignature, kBody};
  EXPECT_EQ(verify_webhook_signature(no_id, {key(kSecret)}, kThen, seconds(300)),
            SignatureCheck::missing);
  SignedRequest bad_time{kId, "yesterday", kSignature, kBody};
  EXPECT_EQ(verify_webhook_signature(bad_time, {key(kSecret)}, kThen, seconds(300)),
            SignatureCheck::bad_timestamp);
}

TEST(WebhookSignature, OtherSignatureVersionsAreIgnored) {
  std::string v1a = kSignature;
  v1a.replace(0, 3, "v1a,");
  EXPECT_EQ(check(v1a, {key(kSecret)}), SignatureCheck::mismatch);
}

TEST(WebhookSignature, SecretsMustBeBase64) {
  EXPECT_TRUE(webhook_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
  EXPECT_TRUE(webhook_key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
  EXPECT_FALSE(webhook_key("whsec_not base64!"));
  EXPECT_FALSE(webhook_key("whsec_"));
}

TEST(SecretsEqual, ComparesContentAndLength) {
  EXPECT_TRUE(secrets_equal("abc", "abc"));
  EXPECT_FALSE(secrets_equal("abc", "abd"));
  EXPECT_FALSE(secrets_equal("abc", "abcd"));
  EXPECT_FALSE(secrets_equal("", "a"));
}

}  // namespace
}  // namespace erpbridge::api
