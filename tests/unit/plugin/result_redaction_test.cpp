// The tenant's secrets never survive in what an ERP sent back, in whatever form it echoed them.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "plugin/result_redaction.hpp"

namespace erpbridge::plugin {
namespace {

http::EndpointConfig basic_endpoint() {
  http::EndpointConfig config;
  config.auth.kind = http::AuthKind::basic;
  config.auth.username = "erpbridge";
  config.auth.password = Secret("pa55-Word");
  config.headers = {{"X-Api-Key", "key-from-connection-headers"}};
  return config;
}

TEST(ResultRedaction, EveryWireFormOfBasicCredentialsIsMasked) {
  SecretRedactor secrets;
  secrets.add_endpoint(basic_endpoint());
  // base64("erpbridge:pa55-Word")
  const std::string echoed =
      "Authorization: Basic ZXJwYnJpZGdlOnBhNTUtV29yZA== user erpbridge:pa55-Word pass pa55-Word "
      "x-api-key key-from-connection-headers";
  EXPECT_EQ(secrets.scrub(echoed),
            "Authorization: Basic [redacted] user [redacted] pass [redacted] x-api-key [redacted]");
}

TEST(ResultRedaction, BearerTokenAndOtherTenantSecretsAreMasked) {
  http::EndpointConfig config;
  config.auth.kind = http::AuthKind::bearer;
  config.auth.token = Secret("tok-123456");
  SecretRedactor secrets;
  secrets.add_endpoint(config);
  secrets.add("inbound-password");
  EXPECT_EQ(secrets.scrub("Bearer tok-123456 and inbound-password"),
            "Bearer [redacted] and [redacted]");
}

TEST(ResultRedaction, ASecretCutByTheExcerptBoundIsMaskedToo) {
  SecretRedactor secrets;
  secrets.add("a-long-session-secret");
  EXPECT_EQ(secrets.scrub("echo: a-long-sess"), "echo: [redacted]");
  // A short tail that merely looks like a secret's start stays.
  EXPECT_EQ(secrets.scrub("status a-l"), "status a-l");
}

TEST(ResultRedaction, CredentialsAPluginObtainedAtRunTimeAreLearntFromItsRequests) {
  SecretRedactor secrets;
  http::Request request;
  // Tryton's session header: base64("admin:1:session-key-42").
  request.headers = {{"Authorization", "Session YWRtaW46MTpzZXNzaW9uLWtleS00Mg=="},
                     {"Cookie", "sid=cookie-value-77; theme=dark"},
                     {"Idempotency-Key", "order.created:ORD-1"}};
  secrets.learn_from_request(request);
  const std::string out = secrets.scrub(
      "Session YWRtaW46MTpzZXNzaW9uLWtleS00Mg== key session-key-42 sid=cookie-value-77 "
      "for order.created:ORD-1");
  EXPECT_EQ(out.find("session-key-42"), std::string::npos) << out;
  EXPECT_EQ(out.find("YWRtaW46"), std::string::npos) << out;
  EXPECT_EQ(out.find("cookie-value-77"), std::string::npos) << out;
  EXPECT_NE(out.find("order.created:ORD-1"), std::string::npos) << out;
}

TEST(ResultRedaction, TokensAndCookiesAnErpHandsOutAreLearntFromItsReplies) {
  SecretRedactor secrets;
  http::Response response;
  response.headers = {{"Set-Cookie", "session=srv-cookie-secret; Path=/; HttpOnly"}};
  response.body = R"({"access_token":"oauth-access-1","token_type":"Bearer","expires_in":3600})";
  secrets.learn_from_response(response);
  EXPECT_EQ(secrets.scrub("cookie srv-cookie-secret token oauth-access-1"),
            "cookie [redacted] token [redacted]");
}

TEST(ResultRedaction, MessageAndBodyExcerptOfAResultAreScrubbed) {
  SecretRedactor secrets;
  secrets.add_endpoint(basic_endpoint());
  DeliveryResult result = DeliveryResult::failure(ResultClass::invalid, "ERP said pa55-Word");
  result.body_excerpt = R"({"echo":{"password":"pa55-Word"}})";
  redact_result(result, secrets);
  EXPECT_EQ(result.message, "ERP said [redacted]");
  EXPECT_EQ(result.body_excerpt, R"({"echo":{"password":"[redacted]"}})");
}

TEST(ResultRedaction, CredentialHeaderNamesAreRecognised) {
  for (const char* name : {"Authorization", "cookie", "X-API-Key", "X-Auth-Token", "X-Session"})
    EXPECT_TRUE(is_credential_header(name)) << name;
  for (const char* name : {"Content-Type", "Accept", "Idempotency-Key", "User-Agent"})
    EXPECT_FALSE(is_credential_header(name)) << name;
}

TEST(ResultRedaction, SecretsThatLiveOnlyInConnectorSettingsAreMasked) {
  // As a Tryton tenant's settings arrive, ${env:..} resolved: the password is the adapter's.
  SecretRedactor secrets;
  secrets.add_settings(boost::json::parse(R"({
    "database": "tryton_shop", "user": "erpbridge", "password": "tryton-pass-Kx81",
    "oauth": {"token_url": "https://id.example/token", "client_secret": "cs-9f8e7d6c",
              "refresh_token": "rt-abcdef12"},
    "extra_headers": [{"X_API_KEY": "ak-1234567"}],
    "signing": {"secret": ["old-key-111", "new-key-222"]}
  })"));
  EXPECT_EQ(secrets.scrub("login erpbridge/tryton-pass-Kx81 on tryton_shop via "
                          "https://id.example/token cs-9f8e7d6c rt-abcdef12 ak-1234567 "
                          "old-key-111 new-key-222"),
            "login erpbridge/[redacted] on tryton_shop via https://id.example/token [redacted] "
            "[redacted] [redacted] [redacted] [redacted]");
}

TEST(ResultRedaction, SecretSettingNamesAreThoseEndingInASecretWord) {
  for (const char* name : {"password", "PASSWORD", "erp_passwd", "key_passphrase", "secret",
                           "client_secret", "token", "access_token", "api_key", "x-apikey"})
    EXPECT_TRUE(is_secret_setting_name(name)) << name;
  for (const char* name : {"user", "database", "token_url", "secret_header_name", "key", "id"})
    EXPECT_FALSE(is_secret_setting_name(name)) << name;
}

}  // namespace
}  // namespace erpbridge::plugin
