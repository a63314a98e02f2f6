#include <gtest/gtest.h>

#include "api/base64.hpp"
#include "api/tenant_authenticator.hpp"
#include "service/runtime.hpp"

namespace erpbridge::api {
namespace {

using http::AuthKind;

config::InboundCredential credential(AuthKind kind, std::string user, std::string secret) {
  config::InboundCredential c;
  c.kind = kind;
  c.username = std::move(user);
  if (kind == AuthKind::bearer) {
    c.token = Secret(std::move(secret));
  } else {
    c.password = Secret(std::move(secret));
  }
  return c;
}

class TenantAuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shop_a_.id = "p8f3a21";
    shop_a_.credentials = {credential(AuthKind::basic, "commerceup", "basic-secret"),
                           credential(AuthKind::username_password, "commerceup", "header-secret"),
                           credential(AuthKind::bearer, "", "token-a")};
    shop_b_.id = "pxml001";
    shop_b_.credentials = {credential(AuthKind::basic, "commerceup", "other-secret"),
                           credential(AuthKind::bearer, "", "token-b")};
  }

  std::optional<std::string> who(const Headers& headers) const {
    return authenticate_tenant(read_credential(headers), {&shop_a_, &shop_b_});
  }

  static Headers authorization(const std::string& value) {
    Headers h;
    h.add("Authorization", value);
    return h;
  }
  static Headers basic(const std::string& user, const std::string& password) {
    return authorization("Basic " + base64_encode(user + ":" + password));
  }

  config::TenantConfig shop_a_, shop_b_;
};

TEST_F(TenantAuthenticatorTest, EachAuthStyleIdentifiesItsTenant) {
  EXPECT_EQ(who(basic("commerceup", "basic-secret")), "p8f3a21");
  Headers headers;
  headers.add("username", "commerceup");
  headers.add("password", "header-secret");
  EXPECT_EQ(who(headers), "p8f3a21");
  EXPECT_EQ(who(authorization("Bearer token-a")), "p8f3a21");
  EXPECT_EQ(who(authorization("bearer   token-b")), "pxml001");
}

TEST_F(TenantAuthenticatorTest, SameUsernameWithAnotherPasswordIsAnotherTenant) {
  EXPECT_EQ(who(basic("commerceup", "other-secret")), "pxml001");
}

TEST_F(TenantAuthenticatorTest, WrongPasswordAndUnknownUserAreBothJustRejected) {
  EXPECT_EQ(who(basic("commerceup", "wrong")), std::nullopt);
  EXPECT_EQ(who(basic("nobody", "basic-secret")), std::nullopt);
  EXPECT_EQ(who(authorization("Bearer token-c")), std::nullopt);
  EXPECT_EQ(who(authorization("Bearer token-a ")), "p8f3a21");  // spaces around are not part of it
}

TEST_F(TenantAuthenticatorTest, ACredentialOnlyCountsInTheStyleItIsConfiguredFor) {
  // header-secret is configured as username/password headers, not as Basic.
  EXPECT_EQ(who(basic("commerceup", "header-secret")), std::nullopt);
  Headers headers;
  headers.add("username", "commerceup");
  headers.add("password", "basic-secret");
  EXPECT_EQ(who(headers), std::nullopt);
}

TEST_F(TenantAuthenticatorTest, NoCredentialIsNotAMalformedOne) {
  EXPECT_EQ(read_credential(Headers()).kind, AuthKind::none);
  EXPECT_FALSE(read_credential(Headers()).malformed);
  EXPECT_TRUE(read_credential(authorization("Basic !!!")).malformed);
  EXPECT_TRUE(read_credential(authorization("Digest abc")).malformed);
  Headers half;
  half.add("username", "commerceup");
  EXPECT_TRUE(read_credential(half).malformed);
  EXPECT_EQ(who(half), std::nullopt);
}

TEST_F(TenantAuthenticatorTest, AHeaderNamingATenantProvesNothing) {
  Headers headers;
  headers.add("X-Tenant", "p8f3a21");
  headers.add("project_hash", "p8f3a21");
  EXPECT_EQ(who(headers), std::nullopt);
}

std::shared_ptr<const service::Runtime> running(const std::vector<config::TenantConfig>& tenants) {
  auto runtime = std::make_shared<service::Runtime>();
  for (const auto& t : tenants) {
    service::TenantRuntime tenant;
    tenant.config = t;
    runtime->tenants[t.id] = std::make_shared<const service::TenantRuntime>(std::move(tenant));
  }
  return runtime;
}

TEST_F(TenantAuthenticatorTest, ARunningConfigIdentifiesTenantsAsTheFileListDoes) {
  const auto runtime = running({shop_a_, shop_b_});
  EXPECT_EQ(authenticate_tenant(read_credential(basic("commerceup", "basic-secret")), runtime),
            "p8f3a21");
  EXPECT_EQ(authenticate_tenant(read_credential(basic("commerceup", "other-secret")), runtime),
            "pxml001");
  EXPECT_EQ(authenticate_tenant(read_credential(basic("commerceup", "wrong")), runtime),
            std::nullopt);
  EXPECT_EQ(authenticate_tenant(read_credential(Headers()), runtime), std::nullopt);
}

TEST_F(TenantAuthenticatorTest, AReloadedConfigIsNeverAnsweredFromTheOldOnesIndex) {
  const auto before = running({shop_a_, shop_b_});
  const auto bearer_a = read_credential(authorization("Bearer token-a"));
  EXPECT_EQ(authenticate_tenant(bearer_a, before), "p8f3a21");

  config::TenantConfig rotated = shop_a_;
  rotated.credentials = {credential(AuthKind::bearer, "", "token-a2")};
  const auto after = running({rotated, shop_b_});
  EXPECT_EQ(authenticate_tenant(bearer_a, after), std::nullopt);
  EXPECT_EQ(authenticate_tenant(read_credential(authorization("Bearer token-a2")), after),
            "p8f3a21");
  // A request that began before the reload still holds the old config and is answered by it.
  EXPECT_EQ(authenticate_tenant(bearer_a, before), "p8f3a21");
}

TEST(CredentialIndexTest, UsernameAndSecretAreNotJustConcatenated) {
  CredentialIndex index;
  index.add("t1", credential(AuthKind::basic, "ab", "c"));
  PresentedCredential shifted;
  shifted.kind = AuthKind::basic;
  shifted.username = "a";
  shifted.secret = "bc";
  EXPECT_EQ(index.find(shifted), std::nullopt);
  shifted.username = "ab";
  shifted.secret = "c";
  EXPECT_EQ(index.find(shifted), "t1");
}

}  // namespace
}  // namespace erpbridge::api
