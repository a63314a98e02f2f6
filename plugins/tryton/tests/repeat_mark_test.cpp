// Which Tryton calls the host may send a second time after a reply lost on a reused
// keep-alive connection (docs/plugin-abi.md, "When the host repeats a request"). Every
// JSON-RPC call is a POST, which the host never repeats by itself: the reads and the login
// change nothing, so they are marked ERPB_REPEAT_SAFE and still retried at once; the writes
// (create, write, workflow buttons) are marked ERPB_REPEAT_NEVER, so a lost reply to one is
// reported as in doubt and the engine looks up before anything is sent again.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <map>
#include <string>

#include "fake_tryton.hpp"
#include "json_rpc_client.hpp"
#include "session.hpp"

namespace erpbridge::tryton {
namespace {

namespace json = boost::json;
using testing::FakeTryton;

// The repeat mark the fake host saw on each JSON-RPC method.
std::map<std::string, erpb_repeat> marks_by_method(const FakeTryton& tryton) {
  std::map<std::string, erpb_repeat> marks;
  for (const auto& request : tryton.fake_host().requests()) {
    const auto body = json::parse(request.body).as_object();
    marks[std::string(body.at("method").as_string())] = request.repeat;
  }
  return marks;
}

class RepeatMarkTest : public ::testing::Test {
 protected:
  FakeTryton tryton_{[](const std::string& method, const json::array&, const std::string&) {
    if (method == "common.db.login") return testing::result(json::array{1, "key1"});
    return testing::result(json::array{});
  }};
  Session session_{tryton_.host(), LoginSettings{"/erp/", "erp", "admin", "pw-1", "", 0}};
  JsonRpcClient rpc_{tryton_.host(), session_, "/erp/", json::object{{"company", 1}}, 0};
};

TEST_F(RepeatMarkTest, ReadsAndTheLoginAreMarkedSafeToRepeat) {
  ASSERT_TRUE(rpc_.read("sale.sale", json::array{1}, json::array{"state"}));
  ASSERT_TRUE(rpc_.search_read("party.party", json::array{}, json::array{"code"}));

  const auto marks = marks_by_method(tryton_);
  EXPECT_EQ(marks.at("common.db.login"), ERPB_REPEAT_SAFE);
  EXPECT_EQ(marks.at("model.sale.sale.read"), ERPB_REPEAT_SAFE);
  EXPECT_EQ(marks.at("model.party.party.search_read"), ERPB_REPEAT_SAFE);
}

TEST_F(RepeatMarkTest, WritesAndWorkflowButtonsAreNeverRepeatedByTheHost) {
  ASSERT_TRUE(rpc_.create("sale.sale", json::object{{"reference", "ORD-1"}}));
  ASSERT_TRUE(rpc_.write("sale.sale", json::array{1}, json::object{{"comment", "x"}}));
  ASSERT_TRUE(rpc_.button("sale.sale", "confirm", 1));
  ASSERT_TRUE(rpc_.call("model.sale.sale.delete", json::array{json::array{1}}, Effect::write));

  const auto marks = marks_by_method(tryton_);
  EXPECT_EQ(marks.at("model.sale.sale.create"), ERPB_REPEAT_NEVER);
  EXPECT_EQ(marks.at("model.sale.sale.write"), ERPB_REPEAT_NEVER);
  EXPECT_EQ(marks.at("model.sale.sale.confirm"), ERPB_REPEAT_NEVER);
  EXPECT_EQ(marks.at("model.sale.sale.delete"), ERPB_REPEAT_NEVER);
}

}  // namespace
}  // namespace erpbridge::tryton
