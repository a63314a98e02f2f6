// Loading a valid tenant file: every key, secrets, relative paths and defaults.
#include "config/tenant_config.hpp"

#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace erpbridge::config {
namespace {

using testing::ScopedEnv;
using testing::TempDir;

constexpr const char* kFullTenant = R"(tenant: p8f3a21
inbound:
  - type: username_password
    username: commerceup
    password: ${env:ERPB_TEST_INBOUND_PASSWORD}
  - type: bearer
    token: ${file:secrets/p8f3a21_token}
  - type: basic
    username: cu-basic
    password: literal-pass
connector: rest
connection:
  base_url: https://erp.example:8443/api/v2
  auth: { type: username_password, username: erpbridge, password: "${env:ERPB_TEST_ERP_PASSWORD}" }
  tls: { verify: false, ca_file: certs/ca.pem }
  connect_timeout_ms: 2000
  read_timeout_ms: 15000
  headers: { X-Client: erpbridge, X-Api-Key: "${file:secrets/api_key}" }
  max_idle_connections: 2
  keep_alive_timeout_ms: 4000
  idempotency_key_header: Idempotency-Key
settings:
  format: json
delivery: { max_attempts: 3, max_age_s: 3600, concurrency: 2, backoff_initial_ms: 100, backoff_max_ms: 1000 }
)";

class TenantConfigTest : public ::testing::Test {
 protected:
  TempDir dir_;
  ScopedEnv inbound_{"ERPB_TEST_INBOUND_PASSWORD", "inbound-pa55"};
  ScopedEnv erp_{"ERPB_TEST_ERP_PASSWORD", "erp-pa55"};
};

TEST_F(TenantConfigTest, LoadsEveryKeyOfATenantFile) {
  dir_.write("secrets/p8f3a21_token", "bearer-t0ken\n");
  dir_.write("secrets/api_key", "k3y");
  const auto file = dir_.write("p8f3a21.yaml", kFullTenant);

  const TenantConfig t = load_tenant_config(file);

  EXPECT_EQ(t.file, file);
  EXPECT_EQ(t.id, "p8f3a21");
  EXPECT_EQ(t.id_line, 1);
  ASSERT_EQ(t.credentials.size(), 3u);
  EXPECT_EQ(t.credentials[0].kind, http::AuthKind::username_password);
  EXPECT_EQ(t.credentials[0].username, "commerceup");
  EXPECT_EQ(t.credentials[0].password.reveal(), "inbound-pa55");
  EXPECT_EQ(t.credentials[0].line, 3);
  EXPECT_EQ(t.credentials[1].kind, http::AuthKind::bearer);
  EXPECT_EQ(t.credentials[1].token.reveal(), "bearer-t0ken");
  EXPECT_EQ(t.credentials[1].line, 6);
  EXPECT_EQ(t.credentials[2].kind, http::AuthKind::basic);
  EXPECT_EQ(t.credentials[2].password.reveal(), "literal-pass");
  EXPECT_EQ(t.connector, "rest");

  const http::EndpointConfig& c = t.connection;
  EXPECT_EQ(c.base_url, "https://erp.example:8443/api/v2");
  EXPECT_EQ(c.auth.kind, http::AuthKind::username_password);
  EXPECT_EQ(c.auth.username, "erpbridge");
  EXPECT_EQ(c.auth.password.reveal(), "erp-pa55");
  EXPECT_FALSE(c.tls.verify);
  EXPECT_EQ(c.tls.ca_file, (dir_.path() / "certs/ca.pem").string());
  EXPECT_EQ(c.connect_timeout, std::chrono::milliseconds(2000));
  EXPECT_EQ(c.read_timeout, std::chrono::milliseconds(15000));
  using Header = std::pair<std::string, std::string>;
  EXPECT_EQ(c.headers, (std::vector<Header>{{"X-Client", "erpbridge"}, {"X-Api-Key", "k3y"}}));
  EXPECT_EQ(c.max_idle_connections, 2u);
  EXPECT_EQ(c.keep_alive_timeout, std::chrono::milliseconds(4000));
  EXPECT_EQ(c.idempotency_key_header, "Idempotency-Key");

  EXPECT_EQ(t.settings, boost::json::value({{"format", "json"}}));
  EXPECT_EQ(t.settings_line, 22);
  EXPECT_EQ(t.delivery.max_attempts, 3);
  EXPECT_EQ(t.delivery.max_age, std::chrono::seconds(3600));
  EXPECT_EQ(t.delivery.concurrency, 2);
  EXPECT_EQ(t.delivery.backoff_initial, std::chrono::milliseconds(100));
  EXPECT_EQ(t.delivery.backoff_max, std::chrono::milliseconds(1000));
}

TEST_F(TenantConfigTest, OmittedOptionalKeysTakeTheHeaderDefaults) {
  const auto file = dir_.write("t.yaml", R"(tenant: t1
inbound: [{type: bearer, token: abc}]
connector: rest
connection:
  base_url: http://127.0.0.1:9000
)");
  const TenantConfig t = load_tenant_config(file);
  const http::EndpointConfig endpoint_defaults;
  const DeliverySettings delivery_defaults;
  EXPECT_EQ(t.connection.auth.kind, http::AuthKind::none);
  EXPECT_TRUE(t.connection.tls.verify);
  EXPECT_EQ(t.connection.tls.ca_file, "");
  EXPECT_EQ(t.connection.connect_timeout, endpoint_defaults.connect_timeout);
  EXPECT_EQ(t.connection.read_timeout, endpoint_defaults.read_timeout);
  EXPECT_TRUE(t.connection.headers.empty());
  EXPECT_EQ(t.connection.max_idle_connections, endpoint_defaults.max_idle_connections);
  EXPECT_EQ(t.connection.keep_alive_timeout, endpoint_defaults.keep_alive_timeout);
  EXPECT_EQ(t.connection.idempotency_key_header, "");
  EXPECT_TRUE(t.settings.is_object());
  EXPECT_TRUE(t.settings.as_object().empty());
  EXPECT_EQ(t.settings_line, 0);
  EXPECT_EQ(t.delivery.max_attempts, delivery_defaults.max_attempts);
  EXPECT_EQ(t.delivery.max_age, delivery_defaults.max_age);
  EXPECT_EQ(t.delivery.concurrency, delivery_defaults.concurrency);
  EXPECT_EQ(t.delivery.backoff_initial, delivery_defaults.backoff_initial);
  EXPECT_EQ(t.delivery.backoff_max, delivery_defaults.backoff_max);
}

TEST_F(TenantConfigTest, BackoffMaxDefaultGrowsToALargerBackoffInitial) {
  const auto file = dir_.write("t.yaml", R"(tenant: t1
inbound: [{type: bearer, token: abc}]
connector: rest
connection: {base_url: "http://h"}
delivery: {backoff_initial_ms: 120000}
)");
  EXPECT_EQ(load_tenant_config(file).delivery.backoff_max, std::chrono::milliseconds(120000));
}

TEST_F(TenantConfigTest, SecretFileReferenceResolvesAgainstTheTenantFilesFolder) {
  dir_.write("tenants/secrets/token", "from-relative-file\n");
  const auto file = dir_.write("tenants/t.yaml", R"(tenant: t1
inbound:
  - type: bearer
    token: ${file:secrets/token}
connector: rest
connection: {base_url: "http://h"}
)");
  EXPECT_EQ(load_tenant_config(file).credentials[0].token.reveal(), "from-relative-file");
}

TEST_F(TenantConfigTest, ParsedTextBehavesLikeALoadedFile) {
  const TenantConfig t = parse_tenant_config(R"(tenant: t1
inbound: [{type: bearer, token: abc}]
connector: rest
connection: {base_url: "http://h"}
)",
                                             dir_.path() / "virtual.yaml");
  EXPECT_EQ(t.id, "t1");
  EXPECT_EQ(t.file, dir_.path() / "virtual.yaml");
}

TEST(Secret, RedactedNeverShowsTheValue) {
  EXPECT_EQ(Secret("hunter2").redacted(), "***");
  EXPECT_EQ(Secret().redacted(), "");
}

}  // namespace
}  // namespace erpbridge::config
