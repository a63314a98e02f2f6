// Every kind of mistake in a tenant file is a ConfigError naming file, line and key, and no
// error ever shows a secret's value.
#include <gtest/gtest.h>

#include "config/tenant_config.hpp"
#include "config_test_support.hpp"

namespace erpbridge::config {
namespace {

using testing::config_error_from;
using testing::ScopedEnv;
using testing::TempDir;

class TenantErrors : public ::testing::Test {
 protected:
  // Loads `yaml` as t.yaml and returns the error, checking it names that file.
  ConfigError error_for(const std::string& yaml) {
    const auto file = dir_.write("t.yaml", yaml);
    ConfigError e = config_error_from([&] { load_tenant_config(file); });
    EXPECT_EQ(e.file(), file.string());
    return e;
  }

  TempDir dir_;
};

TEST_F(TenantErrors, YamlSyntaxErrorReportsTheParsersLine) {
  const ConfigError e = error_for("tenant: t1\ninbound: []\n  connector: rest\n");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.key(), "");
  EXPECT_NE(e.problem().find("YAML syntax error"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, UnquotedReferenceInsideBracesGetsAHintNotItsValue) {
  ScopedEnv env("ERPB_TEST_PW", "hunter2");
  const ConfigError e = error_for(R"(tenant: t1
inbound:
  - { type: basic, username: u, password: ${env:ERPB_TEST_PW} }
)");
  EXPECT_EQ(e.line(), 3);
  EXPECT_NE(e.problem().find("in quotes"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, UnreadableFileNamesItWithLineZero) {
  const auto file = dir_.path() / "missing.yaml";
  const ConfigError e = config_error_from([&] { load_tenant_config(file); });
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.line(), 0);
  EXPECT_EQ(e.key(), "");
  EXPECT_NE(e.problem().find("No such file"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, MissingRequiredKeyIsReportedAtItsParentWithTheDottedPath) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: abc}]
connector: rest
connection:
  read_timeout_ms: 1000
)");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "connection.base_url");
  EXPECT_NE(e.problem().find("required key is missing"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, MissingTopLevelKeyIsReportedAtLineOne) {
  const ConfigError e = error_for("inbound: [{type: bearer, token: abc}]\nconnector: rest\n");
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.key(), "tenant");
}

TEST_F(TenantErrors, MissingPasswordInAnInboundEntryNamesTheEntry) {
  const ConfigError e = error_for(R"(tenant: t1
inbound:
  - type: bearer
    token: abc
  - type: basic
    username: u
connector: rest
)");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "inbound[1].password");
}

TEST_F(TenantErrors, UnknownKeyIsRejectedAtEveryLevelOutsideSettings) {
  struct Case {
    const char* yaml;
    int line;
    const char* key;
  };
  const Case cases[] = {
      {"tenant: t1\ntennant: t2\n", 2, "tennant"},
      {"tenant: t1\ninbound:\n  - type: bearer\n    token: a\n    tokn: b\n", 5, "inbound[0].tokn"},
      {"tenant: t1\ninbound: [{type: bearer, token: a}]\nconnector: rest\nconnection:\n"
       "  base_url: http://h\n  timeout_ms: 5\n",
       6, "connection.timeout_ms"},
      {"tenant: t1\ninbound: [{type: bearer, token: a}]\nconnector: rest\nconnection:\n"
       "  base_url: http://h\n  auth:\n    type: bearer\n    token: x\n    bearer: y\n",
       9, "connection.auth.bearer"},
      {"tenant: t1\ninbound: [{type: bearer, token: a}]\nconnector: rest\nconnection:\n"
       "  base_url: http://h\n  tls:\n    verify_peer: true\n",
       7, "connection.tls.verify_peer"},
      {"tenant: t1\ninbound: [{type: bearer, token: a}]\nconnector: rest\nconnection:\n"
       "  base_url: http://h\ndelivery:\n  retries: 3\n",
       7, "delivery.retries"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.key);
    const ConfigError e = error_for(c.yaml);
    EXPECT_EQ(e.line(), c.line);
    EXPECT_EQ(e.key(), c.key);
    EXPECT_NE(e.problem().find("unknown key"), std::string::npos) << e.what();
  }
}

TEST_F(TenantErrors, UnknownKeySuggestsTheClosestKnownKey) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection:
  base_url: http://h
  read_timout_ms: 5
)");
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "connection.read_timout_ms");
  EXPECT_NE(e.problem().find("did you mean 'read_timeout_ms'?"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, DuplicateKeyIsRejectedWithBothLines) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connector: tryton
)");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "connector");
  EXPECT_NE(e.problem().find("line 3"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, WordWhereMillisecondsAreExpectedIsAWrongTypeError) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection:
  base_url: http://h
  read_timeout_ms: soon
)");
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "connection.read_timeout_ms");
  EXPECT_NE(e.problem().find("whole number of milliseconds, got 'soon'"), std::string::npos)
      << e.what();
}

TEST_F(TenantErrors, MapWhereAStringIsExpectedIsAWrongTypeError) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection:
  base_url:
    host: h
)");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "connection.base_url");
  EXPECT_NE(e.problem().find("expected a string, got a map"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, InboundThatIsNotAListIsAWrongTypeError) {
  const ConfigError e = error_for("tenant: t1\ninbound: {type: bearer, token: a}\n");
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.key(), "inbound");
  EXPECT_NE(e.problem().find("expected a list, got a map"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, YesIsNotABoolean) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection:
  base_url: https://h
  tls: {verify: yes}
)");
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "connection.tls.verify");
  EXPECT_NE(e.problem().find("expected true or false"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, BaseUrlWithSchemeOtherThanHttpOrHttpsIsRejected) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection:
  base_url: ftp://erp.example/
)");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "connection.base_url");
  EXPECT_NE(e.problem().find("'ftp'"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, MalformedBaseUrlsAreRejected) {
  for (const char* url : {"erp.example", "http://", "http://h:0", "http://h:http", "http://h/?a=b",
                          "http://u:p@h", "http://h x"}) {
    SCOPED_TRACE(url);
    const ConfigError e = error_for(std::string("tenant: t1\ninbound: [{type: bearer, token: a}]\n"
                                                "connector: rest\nconnection:\n  base_url: \"") +
                                    url + "\"\n");
    EXPECT_EQ(e.line(), 5);
    EXPECT_EQ(e.key(), "connection.base_url");
  }
}

TEST_F(TenantErrors, UnknownAuthTypeIsRejected) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection:
  base_url: http://h
  auth:
    type: oauth
)");
  EXPECT_EQ(e.line(), 7);
  EXPECT_EQ(e.key(), "connection.auth.type");
  EXPECT_NE(e.problem().find("unknown auth type 'oauth'"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, InboundCredentialOfTypeNoneIsRejected) {
  const ConfigError e = error_for("tenant: t1\ninbound:\n  - type: none\n");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.key(), "inbound[0].type");
}

TEST_F(TenantErrors, EmptyInboundListIsRejected) {
  const ConfigError e = error_for("tenant: t1\ninbound: []\nconnector: rest\n");
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.key(), "inbound");
}

TEST_F(TenantErrors, KeyOfAnotherAuthTypeIsRejected) {
  const ConfigError e = error_for(R"(tenant: t1
inbound:
  - type: basic
    username: u
    password: p
    token: t
)");
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "inbound[0].token");
  EXPECT_NE(e.problem().find("does not apply to auth type basic"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, NegativeNumberIsRejected) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection: {base_url: "http://h"}
delivery:
  max_attempts: -1
)");
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "delivery.max_attempts");
  EXPECT_NE(e.problem().find("must not be negative"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, ZeroConcurrencyIsRejected) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection: {base_url: "http://h"}
delivery: {concurrency: 0}
)");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "delivery.concurrency");
  EXPECT_NE(e.problem().find("at least 1"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, BackoffMaxBelowBackoffInitialIsRejected) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection: {base_url: "http://h"}
delivery:
  backoff_initial_ms: 1000
  backoff_max_ms: 10
)");
  EXPECT_EQ(e.line(), 7);
  EXPECT_EQ(e.key(), "delivery.backoff_max_ms");
}

TEST_F(TenantErrors, TenantIdOutsideTheAllowedCharactersIsRejected) {
  const ConfigError e = error_for("tenant: ../etc\ninbound: [{type: bearer, token: a}]\n");
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.key(), "tenant");
  EXPECT_NE(e.problem().find("invalid tenant id '../etc'"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, ConnectorNameOutsideTheAllowedCharactersIsRejected) {
  const ConfigError e =
      error_for("tenant: t1\ninbound: [{type: bearer, token: a}]\nconnector: rest/../../x\n");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.key(), "connector");
}

TEST_F(TenantErrors, HeaderValueWithALineBreakIsRejected) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection:
  base_url: http://h
  headers:
    X-Ok: fine
    X-Evil: "a\r\nInjected: yes"
)");
  EXPECT_EQ(e.line(), 8);
  EXPECT_EQ(e.key(), "connection.headers.X-Evil");
}

TEST_F(TenantErrors, IdempotencyKeyHeaderThatIsNoHeaderNameIsRejected) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection:
  base_url: http://h
  idempotency_key_header: "Idempotency Key"
)");
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "connection.idempotency_key_header");
}

TEST_F(TenantErrors, MissingEnvVarNamesVariableAndLine) {
  ScopedEnv env("ERPB_TEST_UNSET_PASSWORD", std::nullopt);
  const ConfigError e = error_for(R"(tenant: t1
inbound:
  - type: username_password
    username: commerceup
    password: ${env:ERPB_TEST_UNSET_PASSWORD}
)");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "inbound[0].password");
  EXPECT_NE(e.problem().find("environment variable ERPB_TEST_UNSET_PASSWORD is not set"),
            std::string::npos)
      << e.what();
}

TEST_F(TenantErrors, UnreadableSecretFileNamesPathAndLine) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection:
  base_url: http://h
  auth:
    type: bearer
    token: ${file:secrets/absent_token}
)");
  EXPECT_EQ(e.line(), 8);
  EXPECT_EQ(e.key(), "connection.auth.token");
  EXPECT_NE(e.problem().find((dir_.path() / "secrets/absent_token").string()), std::string::npos)
      << e.what();
}

TEST_F(TenantErrors, SecretThatResolvesToNothingIsRejected) {
  ScopedEnv env("ERPB_TEST_EMPTY_TOKEN", "");
  const ConfigError e = error_for(R"(tenant: t1
inbound:
  - type: bearer
    token: ${env:ERPB_TEST_EMPTY_TOKEN}
)");
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.key(), "inbound[0].token");
}

// A password beside a mistake must not travel into the message, whichever mistake it is.
TEST_F(TenantErrors, BadAuthTypeNextToAPasswordDoesNotShowThePassword) {
  ScopedEnv env("ERPB_TEST_ERP_PW", "Sup3r-Secret-From-Env");
  dir_.write("erp_pw", "Sup3r-Secret-From-File\n");
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: Sup3r-Secret-Literal}]
connector: rest
connection:
  base_url: http://h
  auth:
    type: passwrd
    username: erp
    password: ${env:ERPB_TEST_ERP_PW}${file:erp_pw}
)");
  EXPECT_EQ(e.line(), 7);
  EXPECT_EQ(e.key(), "connection.auth.type");
  EXPECT_EQ(std::string(e.what()).find("Sup3r-Secret"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, NoErrorShowsAValueThatCameFromAReference) {
  ScopedEnv env("ERPB_TEST_LEAKY", "Sup3r-Secret");
  const char* broken[] = {
      // wrong type for a number
      "tenant: t1\ninbound: [{type: bearer, token: a}]\nconnector: rest\nconnection:\n"
      "  base_url: http://h\n  read_timeout_ms: ${env:ERPB_TEST_LEAKY}\n",
      // invalid tenant id
      "tenant: ${env:ERPB_TEST_LEAKY}/x\n",
      // bad auth type
      "tenant: t1\ninbound:\n  - type: ${env:ERPB_TEST_LEAKY}\n",
      // bad URL scheme
      "tenant: t1\ninbound: [{type: bearer, token: a}]\nconnector: rest\nconnection:\n"
      "  base_url: ${env:ERPB_TEST_LEAKY}://h\n",
      // not a boolean
      "tenant: t1\ninbound: [{type: bearer, token: a}]\nconnector: rest\nconnection:\n"
      "  base_url: http://h\n  tls: {verify: \"${env:ERPB_TEST_LEAKY}\"}\n",
  };
  for (const char* yaml : broken) {
    SCOPED_TRACE(yaml);
    const ConfigError e = error_for(yaml);
    EXPECT_EQ(std::string(e.what()).find("Sup3r-Secret"), std::string::npos) << e.what();
    EXPECT_NE(e.problem().find("reference (not shown)"), std::string::npos) << e.what();
  }
}

TEST_F(TenantErrors, BaseUrlWithoutSchemeIsNotEchoedAsItMayHoldCredentials) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection:
  base_url: erp:Sup3r-Secret@erp.example
)");
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "connection.base_url");
  EXPECT_EQ(std::string(e.what()).find("Sup3r-Secret"), std::string::npos) << e.what();
}

TEST_F(TenantErrors, ScalarWhereAMapBelongsIsNotEchoed) {
  const ConfigError e = error_for(R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection:
  base_url: http://h
  auth: Sup3r-Secret
)");
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "connection.auth");
  EXPECT_NE(e.problem().find("expected a map, got a single value"), std::string::npos) << e.what();
  EXPECT_EQ(std::string(e.what()).find("Sup3r-Secret"), std::string::npos) << e.what();
}

}  // namespace
}  // namespace erpbridge::config
