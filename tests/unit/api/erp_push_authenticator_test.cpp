// Push credentials (commerceup.push.credentials) and facade credentials (`inbound:`) are two
// separate lists: each proves a tenant only where it belongs.
#include <gtest/gtest.h>

#include "api/base64.hpp"
#include "api/erp_push_authenticator.hpp"

namespace erpbridge::api {
namespace {

using http::AuthKind;

config::InboundCredential credential(AuthKind kind, std::string user, std::string secret) {
  config::InboundCredential c;
  c.kind = kind;
  c.username = std::move(user);
  if (kind == AuthKind::bearer)
    c.token = Secret(std::move(secret));
  else
    c.password = Secret(std::move(secret));
  return c;
}

class ErpPushAuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shop_a_.id = "p8f3a21";
    shop_a_.credentials = {credential(AuthKind::bearer, "", "facade-token-a")};
    shop_a_.commerceup.enabled = true;
    shop_a_.commerceup.push.credentials = {credential(AuthKind::bearer, "", "push-token-a"),
                                           credential(AuthKind::basic, "erp", "push-pass-a")};
    shop_b_.id = "pxml001";
    shop_b_.commerceup.enabled = true;
    shop_b_.commerceup.push.credentials = {credential(AuthKind::bearer, "", "push-token-b")};
  }

  std::optional<std::string> pusher(const Headers& headers) const {
    return authenticate_erp_pusher(read_credential(headers), {&shop_a_, &shop_b_});
  }
  std::optional<std::string> facade_caller(const Headers& headers) const {
    return authenticate_tenant(read_credential(headers), {&shop_a_, &shop_b_});
  }
  static Headers authorization(const std::string& value) {
    Headers h;
    h.add("Authorization", value);
    return h;
  }

  config::TenantConfig shop_a_, shop_b_;
};

TEST_F(ErpPushAuthenticatorTest, PushCredentialIdentifiesItsTenant) {
  EXPECT_EQ(pusher(authorization("Bearer push-token-a")), "p8f3a21");
  EXPECT_EQ(pusher(authorization("Bearer push-token-b")), "pxml001");
  EXPECT_EQ(pusher(authorization("Basic " + base64_encode("erp:push-pass-a"))), "p8f3a21");
}

TEST_F(ErpPushAuthenticatorTest, FacadeCredentialDoesNotPushAndPushCredentialDoesNotCallTheFacade) {
  EXPECT_FALSE(pusher(authorization("Bearer facade-token-a")));
  EXPECT_FALSE(facade_caller(authorization("Bearer push-token-a")));
  EXPECT_EQ(facade_caller(authorization("Bearer facade-token-a")), "p8f3a21");
}

TEST_F(ErpPushAuthenticatorTest, WrongOrMissingSecretsAndDisabledSyncBackProveNothing) {
  EXPECT_FALSE(pusher(authorization("Basic " + base64_encode("erp:wrong"))));
  EXPECT_FALSE(pusher(authorization("Basic " + base64_encode("other:push-pass-a"))));
  EXPECT_FALSE(pusher(Headers{}));
  shop_b_.commerceup.enabled = false;
  EXPECT_FALSE(pusher(authorization("Bearer push-token-b")));
}

}  // namespace
}  // namespace erpbridge::api
