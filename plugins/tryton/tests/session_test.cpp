// The session rules of PROTOCOL.md §2 against a scripted Tryton: log in once, reuse the
// session, log in again once on HTTP 401, never send the password more than needed, and share
// one login between concurrent deliveries.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <thread>

#include "base64.hpp"
#include "fake_tryton.hpp"
#include "json_rpc_client.hpp"
#include "session.hpp"

namespace erpbridge::tryton {
namespace {

namespace json = boost::json;
using testing::FakeReply;
using testing::FakeTryton;

LoginSettings login() {
  return LoginSettings{"/erp/", "erp", "admin", "s3cret-Pw", "en", 0};
}

json::object context() {
  return json::object{{"company", 1}};
}

// A Tryton whose sessions are "key<n>"; `valid` says which keys it still accepts.
struct ScriptedTryton {
  std::atomic<int> logins{0};
  std::function<bool(const std::string& key)> valid = [](const std::string&) { return true; };
  std::function<FakeReply()> on_login;

  FakeTryton fake{[this](const std::string& method, const json::array&,
                         const std::string& authorization) -> FakeReply {
    if (method == "common.db.login") {
      const int n = ++logins;
      if (on_login) return on_login();
      return testing::result(json::array{1, "key" + std::to_string(n)});
    }
    for (int n = 1; n <= logins; ++n)
      if (authorization == "Session " + base64_encode("admin:1:key" + std::to_string(n)) &&
          valid("key" + std::to_string(n)))
        return testing::result(json::array{});
    return testing::status(401, "<h1>Unauthorized</h1>");
  }};
};

TEST(Base64Test, EncodesWithPadding) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("admin:1:61de"), "YWRtaW46MTo2MWRl");
}

TEST(SessionTest, LogsInOnceAndReusesTheSession) {
  ScriptedTryton tryton;
  Session session(tryton.fake.host(), login());
  JsonRpcClient rpc(tryton.fake.host(), session, "/erp/", context(), 0);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(rpc.call("model.party.party.search", {}, Effect::read));
  EXPECT_EQ(tryton.logins, 1);
  EXPECT_EQ(session.logins(), 1u);
}

TEST(SessionTest, RequestsCarryExactlyIdMethodParamsAndTheContextLast) {
  ScriptedTryton tryton;
  Session session(tryton.fake.host(), login());
  JsonRpcClient rpc(tryton.fake.host(), session, "/erp/", context(), 0);
  ASSERT_TRUE(rpc.read("sale.sale", json::array{1}, json::array{"state"}));
  for (const auto& request : tryton.fake.requests()) {
    EXPECT_EQ(request.size(), 3u) << json::serialize(request);
    EXPECT_TRUE(request.contains("id") && request.contains("method") && request.contains("params"));
  }
  const auto read = tryton.fake.requests().back();
  EXPECT_EQ(json::serialize(read.at("params")), R"([[1],["state"],{"company":1}])");
  const auto first = tryton.fake.requests().front();
  EXPECT_EQ(json::serialize(first.at("params")), R"(["admin",{"password":"s3cret-Pw"},"en"])");
}

TEST(SessionTest, ExpiredSessionLogsInAgainOnceAndRepeatsTheCall) {
  ScriptedTryton tryton;
  Session session(tryton.fake.host(), login());
  JsonRpcClient rpc(tryton.fake.host(), session, "/erp/", context(), 0);
  ASSERT_TRUE(rpc.call("model.a.b", {}, Effect::read));
  tryton.valid = [](const std::string& key) { return key != "key1"; };  // logged out
  auto r = rpc.call("model.sale.sale.create", {}, Effect::write);
  ASSERT_TRUE(r) << r.failure().message;
  EXPECT_EQ(tryton.logins, 2);
  EXPECT_EQ(tryton.fake.count("model.sale.sale.create"), 2);
}

TEST(SessionTest, RefusedFreshSessionIsAPermanentLoginFailure) {
  ScriptedTryton tryton;
  tryton.valid = [](const std::string&) { return false; };
  Session session(tryton.fake.host(), login());
  JsonRpcClient rpc(tryton.fake.host(), session, "/erp/", context(), 0);
  auto r = rpc.call("model.a.b", {}, Effect::read);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().result_class, ResultClass::permanent);
  EXPECT_NE(r.failure().message.find("login failed"), std::string::npos);
  EXPECT_EQ(r.failure().http_status, 401);
  EXPECT_EQ(tryton.logins, 2);  // once, and once again: no loop
}

TEST(SessionTest, WrongPasswordIsPermanentAndNotSentAgainForAWhile) {
  ScriptedTryton tryton;
  tryton.on_login = [] { return testing::status(401, "<h1>Unauthorized</h1>"); };
  Session session(tryton.fake.host(), login());
  JsonRpcClient rpc(tryton.fake.host(), session, "/erp/", context(), 0);
  for (int i = 0; i < 3; ++i) {
    auto r = rpc.call("model.a.b", {}, Effect::read);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.failure().result_class, ResultClass::permanent);
    EXPECT_NE(r.failure().message.find("login failed for user 'admin' on database 'erp'"),
              std::string::npos);
    EXPECT_EQ(r.failure().message.find("s3cret-Pw"), std::string::npos);
  }
  EXPECT_EQ(tryton.logins, 1);
}

TEST(SessionTest, RefusedLoginIsTriedAgainAfterTheHold) {
  ScriptedTryton tryton;
  tryton.on_login = [] { return testing::status(401); };
  Session session(tryton.fake.host(), login(), std::chrono::milliseconds(0));
  JsonRpcClient rpc(tryton.fake.host(), session, "/erp/", context(), 0);
  EXPECT_FALSE(rpc.call("model.a.b", {}, Effect::read));
  tryton.on_login = nullptr;
  EXPECT_TRUE(rpc.call("model.a.b", {}, Effect::read));
  EXPECT_EQ(tryton.logins, 2);
}

TEST(SessionTest, RateLimitedLoginIsRetryable) {
  ScriptedTryton tryton;
  tryton.on_login = [] { return testing::status(429, "<h1>Too Many Requests</h1>"); };
  Session session(tryton.fake.host(), login());
  auto token = session.token();
  ASSERT_FALSE(token);
  EXPECT_EQ(token.failure().result_class, ResultClass::retryable);
}

TEST(SessionTest, ConcurrentDeliveriesShareOneLogin) {
  ScriptedTryton tryton;
  Session session(tryton.fake.host(), login());
  JsonRpcClient rpc(tryton.fake.host(), session, "/erp/", context(), 0);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      for (int j = 0; j < 10; ++j) ok += rpc.call("model.a.b", {}, Effect::read).has_value();
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 80);
  EXPECT_EQ(tryton.logins, 1);
}

TEST(SessionTest, ConcurrentCallersRefusedTogetherRenewTheSessionOnce) {
  ScriptedTryton tryton;
  Session session(tryton.fake.host(), login());
  JsonRpcClient rpc(tryton.fake.host(), session, "/erp/", context(), 0);
  ASSERT_TRUE(rpc.call("model.a.b", {}, Effect::read));
  tryton.valid = [](const std::string& key) { return key != "key1"; };
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] { ok += rpc.call("model.a.b", {}, Effect::read).has_value(); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 8);
  EXPECT_EQ(tryton.logins, 2);
}

}  // namespace
}  // namespace erpbridge::tryton
