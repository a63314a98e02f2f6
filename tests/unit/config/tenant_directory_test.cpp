#include <gtest/gtest.h>

#include "config/tenant_config.hpp"
#include "config_test_support.hpp"

namespace erpbridge::config {
namespace {

using testing::config_error_from;
using testing::TempDir;

std::string tenant_yaml(const std::string& id, const std::string& token) {
  return "tenant: " + id + "\ninbound:\n  - type: bearer\n    token: " + token +
         "\nconnector: rest\nconnection: {base_url: \"http://h\"}\n";
}

TEST(TenantDirectory, LoadsYamlAndYmlFilesSortedByNameAndNothingElse) {
  TempDir dir;
  dir.write("b.yml", tenant_yaml("tb", "token-b"));
  dir.write("a.yaml", tenant_yaml("ta", "token-a"));
  dir.write("c.yaml", tenant_yaml("tc", "token-c"));
  dir.write("notes.txt", "not yaml");
  dir.write(".a.yaml.swp", "editor junk");
  dir.write(".hidden.yaml", "tenant: [broken");
  dir.write("sub/d.yaml", tenant_yaml("td", "token-d"));  // folders are not searched

  const std::vector<TenantConfig> tenants = load_tenant_configs(dir.path());

  ASSERT_EQ(tenants.size(), 3u);
  EXPECT_EQ(tenants[0].id, "ta");
  EXPECT_EQ(tenants[1].id, "tb");
  EXPECT_EQ(tenants[2].id, "tc");
  EXPECT_EQ(tenants[0].file, dir.path() / "a.yaml");
}

TEST(TenantDirectory, EmptyDirectoryGivesNoTenants) {
  TempDir dir;
  EXPECT_TRUE(load_tenant_configs(dir.path()).empty());
}

TEST(TenantDirectory, MissingDirectoryIsAConfigError) {
  TempDir dir;
  const auto missing = dir.path() / "tenants";
  const ConfigError e = config_error_from([&] { load_tenant_configs(missing); });
  EXPECT_EQ(e.file(), missing.string());
  EXPECT_EQ(e.line(), 0);
  EXPECT_EQ(e.key(), "");
  EXPECT_NE(e.problem().find("cannot read tenants directory"), std::string::npos) << e.what();
}

TEST(TenantDirectory, ErrorInOneFileNamesThatFile) {
  TempDir dir;
  dir.write("a.yaml", tenant_yaml("ta", "token-a"));
  const auto broken = dir.write("b.yaml", "tenant: tb\ninbound: []\n");
  const ConfigError e = config_error_from([&] { load_tenant_configs(dir.path()); });
  EXPECT_EQ(e.file(), broken.string());
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.key(), "inbound");
}

TEST(TenantDirectory, DuplicateTenantIdNamesBothFiles) {
  TempDir dir;
  const auto first = dir.write("a.yaml", tenant_yaml("p8f3a21", "token-a"));
  const auto second = dir.write("b.yaml", "# copy of a.yaml\n" + tenant_yaml("p8f3a21", "token-b"));
  const ConfigError e = config_error_from([&] { load_tenant_configs(dir.path()); });
  EXPECT_EQ(e.file(), second.string());
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.key(), "tenant");
  EXPECT_NE(e.problem().find(first.string() + ":1"), std::string::npos) << e.what();
}

TEST(TenantDirectory, TwoTenantsAcceptingTheSameCredentialAreRejectedWithoutShowingIt) {
  TempDir dir;
  const auto first = dir.write("a.yaml", tenant_yaml("ta", "Shared-T0ken"));
  const auto second = dir.write("b.yaml", R"(tenant: tb
inbound:
  - type: basic
    username: u
    password: p
  - type: bearer
    token: Shared-T0ken
connector: rest
connection: {base_url: "http://h"}
)");
  const ConfigError e = config_error_from([&] { load_tenant_configs(dir.path()); });
  EXPECT_EQ(e.file(), second.string());
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "inbound[1]");
  EXPECT_NE(e.problem().find("tenant 'ta' (" + first.string() + ":3)"), std::string::npos)
      << e.what();
  EXPECT_EQ(std::string(e.what()).find("Shared-T0ken"), std::string::npos) << e.what();
}

TEST(TenantDirectory, BasicAndUsernamePasswordWithTheSamePairAreTheSameCredential) {
  TempDir dir;
  dir.write("a.yaml", R"(tenant: ta
inbound: [{type: basic, username: cu, password: pw}]
connector: rest
connection: {base_url: "http://h"}
)");
  dir.write("b.yaml", R"(tenant: tb
inbound: [{type: username_password, username: cu, password: pw}]
connector: rest
connection: {base_url: "http://h"}
)");
  const ConfigError e = config_error_from([&] { load_tenant_configs(dir.path()); });
  EXPECT_EQ(e.key(), "inbound[0]");
}

TEST(TenantDirectory, SameUsernameWithDifferentPasswordsIsAllowed) {
  TempDir dir;
  dir.write("a.yaml", R"(tenant: ta
inbound: [{type: basic, username: commerceup, password: pw-a}]
connector: rest
connection: {base_url: "http://h"}
)");
  dir.write("b.yaml", R"(tenant: tb
inbound: [{type: basic, username: commerceup, password: pw-b}]
connector: rest
connection: {base_url: "http://h"}
)");
  EXPECT_EQ(load_tenant_configs(dir.path()).size(), 2u);
}

}  // namespace
}  // namespace erpbridge::config
