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

// Enough tenant files that every loader thread parses many of them.
constexpr int kManyTenants = 200;

std::string numbered(int i) {
  std::string digits = std::to_string(i);
  return "t" + std::string(4 - digits.size(), '0') + digits;
}

// Writes kManyTenants good tenant files, t0000.yaml .. t0199.yaml, each with its own token.
void write_many_tenants(const TempDir& dir) {
  for (int i = kManyTenants - 1; i >= 0; --i) {
    dir.write(numbered(i) + ".yaml", tenant_yaml(numbered(i), "token-" + numbered(i)));
  }
}

TEST(TenantDirectory, ManyTenantsLoadTheSameTenantsInFileOrderAsLoadingEachFile) {
  TempDir dir;
  write_many_tenants(dir);

  const std::vector<TenantConfig> tenants = load_tenant_configs(dir.path());

  ASSERT_EQ(tenants.size(), static_cast<std::size_t>(kManyTenants));
  for (int i = 0; i < kManyTenants; ++i) {
    const TenantConfig alone = load_tenant_config(dir.path() / (numbered(i) + ".yaml"));
    EXPECT_EQ(tenants[i].id, alone.id);
    EXPECT_EQ(tenants[i].file, alone.file);
    ASSERT_EQ(tenants[i].credentials.size(), 1u) << alone.id;
    EXPECT_EQ(tenants[i].credentials[0].token.reveal(), alone.credentials[0].token.reveal());
    EXPECT_EQ(tenants[i].credentials[0].line, alone.credentials[0].line);
  }
}

TEST(TenantDirectory, FirstBrokenFileAmongManyIsReportedWithFileLineAndKeyOnEveryLoad) {
  TempDir dir;
  write_many_tenants(dir);
  const auto first = dir.write("t0057.yaml", "tenant: t0057\ninbound: []\n");
  dir.write("t0150.yaml", "tenant: [broken\n");
  // Files are parsed on several threads; whichever finishes first, the error is the one a
  // loop in file-name order meets first.
  for (int load = 0; load < 5; ++load) {
    const ConfigError e = config_error_from([&] { load_tenant_configs(dir.path()); });
    EXPECT_EQ(e.file(), first.string());
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.key(), "inbound");
  }
}

TEST(TenantDirectory, CredentialClashAmongManyIsReportedBeforeALaterBrokenFile) {
  TempDir dir;
  write_many_tenants(dir);
  const auto clash = dir.write("t0100.yaml", tenant_yaml("t0100", "token-t0020"));
  dir.write("t0150.yaml", "tenant: [broken\n");
  const ConfigError e = config_error_from([&] { load_tenant_configs(dir.path()); });
  EXPECT_EQ(e.file(), clash.string());
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.key(), "inbound[0]");
  EXPECT_NE(e.problem().find("tenant 't0020'"), std::string::npos) << e.what();
}

}  // namespace
}  // namespace erpbridge::config
