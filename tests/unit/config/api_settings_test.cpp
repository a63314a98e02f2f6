// The keys `erpbridge serve` reads: a tenant's `webhook` signing secrets and the host's
// `admin` token.
#include <gtest/gtest.h>

#include "config/host_config.hpp"
#include "config/tenant_config.hpp"
#include "config_test_support.hpp"

namespace erpbridge::config {
namespace {

using testing::config_error_from;
using testing::ScopedEnv;
using testing::TempDir;

constexpr const char* kTenant = R"(tenant: p8f3a21
inbound:
  - type: bearer
    token: t0ken
connector: rest
connection:
  base_url: http://127.0.0.1:9000
)";

constexpr const char* kHost = "plugin_dir: p\ntenants_dir: t\nstore: {path: s.db}\n";

TEST(WebhookSettings, SecretsAndToleranceAreRead) {
  TempDir dir;
  ScopedEnv next("ERPB_TEST_WEBHOOK_NEXT", "whsec_bmV4dC1rZXk=");
  const auto file = dir.write("t.yaml", std::string(kTenant) +
                                            "webhook:\n  secrets:\n"
                                            "    - whsec_b2xkLWtleQ==\n"
                                            "    - ${env:ERPB_TEST_WEBHOOK_NEXT}\n"
                                            "  tolerance_s: 120\n");
  const TenantConfig t = load_tenant_config(file);
  ASSERT_EQ(t.webhook.secrets.size(), 2u);
  EXPECT_EQ(t.webhook.secrets[0].reveal(), "whsec_b2xkLWtleQ==");
  EXPECT_EQ(t.webhook.secrets[1].reveal(), "whsec_bmV4dC1rZXk=");
  EXPECT_EQ(t.webhook.tolerance, std::chrono::seconds(120));
}

TEST(WebhookSettings, WithoutTheSectionNoSignatureIsNeeded) {
  TempDir dir;
  const TenantConfig t = load_tenant_config(dir.write("t.yaml", kTenant));
  EXPECT_TRUE(t.webhook.secrets.empty());
  EXPECT_EQ(t.webhook.tolerance, std::chrono::seconds(300));
}

TEST(WebhookSettings, ASecretThatIsNotBase64IsAnErrorThatDoesNotShowIt) {
  TempDir dir;
  const auto file = dir.write("t.yaml", std::string(kTenant) +
                                            "webhook:\n  secrets:\n    - whsec_b2xk\n"
                                            "    - \"not base64 at all!\"\n");
  const ConfigError e = config_error_from([&] { load_tenant_config(file); });
  EXPECT_EQ(e.line(), 11);
  EXPECT_EQ(e.key(), "webhook.secrets[1]");
  EXPECT_EQ(std::string(e.what()).find("not base64 at all"), std::string::npos) << e.what();
}

TEST(WebhookSettings, AnEmptyListOrAnUnknownKeyIsAnError) {
  TempDir dir;
  const auto empty = dir.write("a.yaml", std::string(kTenant) + "webhook:\n  secrets: []\n");
  EXPECT_EQ(config_error_from([&] { load_tenant_config(empty); }).key(), "webhook.secrets");
  const auto typo = dir.write(
      "b.yaml", std::string(kTenant) + "webhook:\n  secrets: [whsec_b2xk]\n  tolerance: 5\n");
  EXPECT_EQ(config_error_from([&] { load_tenant_config(typo); }).key(), "webhook.tolerance");
}

TEST(AdminSettings, TheTokenComesFromAReference) {
  TempDir dir;
  ScopedEnv token("ERPB_TEST_ADMIN_TOKEN", "adm1n");
  const auto file =
      dir.write("h.yaml", std::string(kHost) + "admin:\n  token: ${env:ERPB_TEST_ADMIN_TOKEN}\n");
  EXPECT_EQ(load_host_config(file).admin.token.reveal(), "adm1n");
}

TEST(AdminSettings, WithoutTheSectionThereIsNoToken) {
  TempDir dir;
  EXPECT_TRUE(load_host_config(dir.write("h.yaml", kHost)).admin.token.empty());
}

TEST(AdminSettings, AnEmptyTokenIsAnError) {
  TempDir dir;
  ScopedEnv token("ERPB_TEST_ADMIN_TOKEN", "");
  const auto file =
      dir.write("h.yaml", std::string(kHost) + "admin:\n  token: ${env:ERPB_TEST_ADMIN_TOKEN}\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.key(), "admin.token");
  EXPECT_EQ(e.line(), 5);
}

}  // namespace
}  // namespace erpbridge::config
