// A tenant's `commerceup:` section: Commerceup's open API endpoint and key, how the ERP may
// push changes, and how often the host pulls them.
#include <gtest/gtest.h>

#include "config/tenant_config.hpp"
#include "config_test_support.hpp"

namespace erpbridge::config {
namespace {

using testing::config_error_from;
using testing::ScopedEnv;
using testing::TempDir;

constexpr const char* kTenantHead = R"(tenant: p8f3a21
inbound:
  - type: bearer
    token: commerceup-calls-us
connector: rest
connection: { base_url: "http://erp.example" }
)";

std::string tenant_with(const std::string& commerceup) {
  return std::string(kTenantHead) + commerceup;
}

TEST(CommerceupConfig, AbsentSectionLeavesSyncBackOff) {
  const TenantConfig t = parse_tenant_config(kTenantHead, "/etc/erpbridge/tenants/p.yaml");
  EXPECT_FALSE(t.commerceup.enabled);
  EXPECT_FALSE(t.commerceup.pull.enabled);
  EXPECT_TRUE(t.commerceup.push.credentials.empty());
}

TEST(CommerceupConfig, ReadsEveryKeyAndAddsTheProjectHashToTheBaseUrl) {
  ScopedEnv key{"ERPB_TEST_CU_KEY", "cu-api-k3y"};
  const TenantConfig t = parse_tenant_config(tenant_with(R"(commerceup:
  base_url: https://api.commerceup.io/v1/
  api_key: ${env:ERPB_TEST_CU_KEY}
  inventory_batch_size: 50
  connect_timeout_ms: 1500
  read_timeout_ms: 9000
  max_idle_connections: 3
  tls: { verify: true }
  push:
    shape: adapter
    credentials:
      - type: basic
        username: erp
        password: erp-pushes
  pull: { interval_ms: 5000, limit: 200 }
)"),
                                             "/etc/erpbridge/tenants/p.yaml");
  const CommerceupSettings& cu = t.commerceup;
  EXPECT_TRUE(cu.enabled);
  EXPECT_EQ(cu.line, 7);
  EXPECT_EQ(cu.endpoint.base_url, "https://api.commerceup.io/v1/p8f3a21");
  EXPECT_EQ(cu.endpoint.auth.kind, http::AuthKind::api_key);
  EXPECT_EQ(cu.endpoint.auth.token.reveal(), "cu-api-k3y");
  EXPECT_EQ(cu.endpoint.connect_timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(cu.endpoint.read_timeout, std::chrono::milliseconds(9000));
  EXPECT_EQ(cu.endpoint.max_idle_connections, 3u);
  EXPECT_EQ(cu.inventory_batch_size, 50u);
  EXPECT_EQ(cu.push.shape, PushShape::adapter);
  ASSERT_EQ(cu.push.credentials.size(), 1u);
  EXPECT_EQ(cu.push.credentials[0].kind, http::AuthKind::basic);
  EXPECT_EQ(cu.push.credentials[0].username, "erp");
  EXPECT_EQ(cu.push.credentials[0].line, 18);
  EXPECT_TRUE(cu.pull.enabled);
  EXPECT_EQ(cu.pull.interval, std::chrono::milliseconds(5000));
  EXPECT_EQ(cu.pull.limit, 200);
}

TEST(CommerceupConfig, DefaultsAreCanonicalPushNoPullAndBatchesOfAHundred) {
  const TenantConfig t = parse_tenant_config(tenant_with(R"(commerceup:
  base_url: http://127.0.0.1:9000/v1
  api_key: k
)"),
                                             "/t/p.yaml");
  EXPECT_EQ(t.commerceup.inventory_batch_size, 100u);
  EXPECT_EQ(t.commerceup.push.shape, PushShape::canonical);
  EXPECT_FALSE(t.commerceup.pull.enabled);
  EXPECT_EQ(t.commerceup.endpoint.base_url, "http://127.0.0.1:9000/v1/p8f3a21");
}

struct BadCommerceup {
  const char* name;
  const char* yaml;
  int line;
  const char* key;
  const char* problem;
};

class CommerceupConfigErrors : public ::testing::TestWithParam<BadCommerceup> {};

TEST_P(CommerceupConfigErrors, NameFileLineAndKey) {
  const BadCommerceup& bad = GetParam();
  const ConfigError e =
      config_error_from([&] { parse_tenant_config(tenant_with(bad.yaml), "/t/p.yaml"); });
  EXPECT_EQ(e.file(), "/t/p.yaml");
  EXPECT_EQ(e.line(), bad.line) << e.what();
  EXPECT_EQ(e.key(), bad.key) << e.what();
  EXPECT_NE(e.problem().find(bad.problem), std::string::npos) << e.what();
  EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CommerceupConfigErrors,
    ::testing::Values(
        BadCommerceup{"MissingApiKey", "commerceup:\n  base_url: http://h/v1\n", 7,
                      "commerceup.api_key", "required"},
        BadCommerceup{"BaseUrlWithoutScheme",
                      "commerceup:\n  base_url: api.commerceup.io\n  api_key: s3cret\n", 8,
                      "commerceup.base_url", "http:// or https://"},
        BadCommerceup{"UnknownKey",
                      "commerceup:\n  base_url: http://h\n  api_key: s3cret\n  batch: 5\n", 10,
                      "commerceup.batch", "unknown key"},
        BadCommerceup{"BatchTooLarge",
                      "commerceup:\n  base_url: http://h\n  api_key: s3cret\n"
                      "  inventory_batch_size: 5000\n",
                      10, "commerceup.inventory_batch_size", "1000"},
        BadCommerceup{"UnknownPushShape",
                      "commerceup:\n  base_url: http://h\n  api_key: s3cret\n  push:\n"
                      "    shape: xml\n    credentials: [{type: bearer, token: t}]\n",
                      11, "commerceup.push.shape", "canonical or adapter"},
        BadCommerceup{"PushWithoutCredentials",
                      "commerceup:\n  base_url: http://h\n  api_key: s3cret\n  push:\n"
                      "    shape: canonical\n",
                      10, "commerceup.push.credentials", "required"},
        BadCommerceup{"PullIntervalTooShort",
                      "commerceup:\n  base_url: http://h\n  api_key: s3cret\n  pull:\n"
                      "    interval_ms: 5\n",
                      11, "commerceup.pull.interval_ms", "100"}),
    [](const ::testing::TestParamInfo<BadCommerceup>& info) { return info.param.name; });

TEST(CommerceupConfig, PushCredentialEqualToCommerceupsOwnIsRejectedWithoutShowingIt) {
  TempDir dir;
  const auto file = dir.write("p.yaml", tenant_with(R"(commerceup:
  base_url: http://h/v1
  api_key: k
  push:
    credentials:
      - type: bearer
        token: commerceup-calls-us
)"));
  const ConfigError e = config_error_from([&] { load_tenant_configs(dir.path()); });
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.line(), 12);
  EXPECT_EQ(e.key(), "commerceup.push.credentials[0]");
  EXPECT_NE(e.problem().find("this tenant"), std::string::npos) << e.what();
  EXPECT_NE(e.problem().find("inbound[0]"), std::string::npos) << e.what();
  EXPECT_EQ(std::string(e.what()).find("commerceup-calls-us"), std::string::npos) << e.what();
}

TEST(CommerceupConfig, PushCredentialOfAnotherTenantsErpIsRejected) {
  TempDir dir;
  auto tenant = [](const std::string& id, const std::string& inbound) {
    return "tenant: " + id + "\ninbound: [{type: bearer, token: " + inbound +
           "}]\nconnector: rest\nconnection: {base_url: \"http://h\"}\n"
           "commerceup:\n  base_url: http://h/v1\n  api_key: k\n"
           "  push:\n    credentials: [{type: bearer, token: same-erp-token}]\n";
  };
  dir.write("a.yaml", tenant("ta", "cu-a"));
  const auto second = dir.write("b.yaml", tenant("tb", "cu-b"));
  const ConfigError e = config_error_from([&] { load_tenant_configs(dir.path()); });
  EXPECT_EQ(e.file(), second.string());
  EXPECT_EQ(e.key(), "commerceup.push.credentials[0]");
  EXPECT_NE(e.problem().find("tenant 'ta'"), std::string::npos) << e.what();
}

}  // namespace
}  // namespace erpbridge::config
