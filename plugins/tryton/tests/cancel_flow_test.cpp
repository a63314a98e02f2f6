// Cancellation decisions against a scripted Tryton whose sale state the test controls: what is
// pressed, and that success is reported only for what Tryton shows afterwards.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>

#include "fake_tryton.hpp"
#include "tryton_adapter.hpp"

namespace erpbridge::tryton {
namespace {

namespace json = boost::json;

struct ScriptedSale {
  std::string state = "quotation";
  std::string comment;
  bool buttons_work = true;  // false: buttons answer null and change nothing, as Tryton does
                             // for a sale in the wrong state

  testing::FakeTryton fake{
      [this](const std::string& method, const json::array& params, const std::string&) {
        if (method == "common.db.login") return testing::result(json::array{1, "k"});
        if (method == "model.sale.sale.read")
          return testing::result(json::array{json::object{
              {"id", 7}, {"state", state}, {"comment", comment}, {"number", "3"}, {"party", 2}}});
        if (method == "model.sale.sale.search_read") return testing::result(json::array{});
        if (method == "model.sale.line.search_read")
          return testing::result(json::array{
              json::object{{"id", 70}, {"sale", 7}, {"sequence", 1}, {"quantity", 2.0}},
              json::object{{"id", 71}, {"sale", 7}, {"sequence", 2}, {"quantity", 1.0}}});
        if (method == "model.sale.sale.cancel" && buttons_work) state = "cancelled";
        if (method == "model.sale.sale.draft" && buttons_work) state = "draft";
        (void)params;
        return testing::result(nullptr);
      }};

  TrytonAdapter adapter{
      json::parse(R"({"database":"erp","login":"admin","password":"pw"})").as_object(),
      fake.host()};
};

sdk::Delivery cancellation(const std::string& scope, const std::string& id = "CX-1") {
  sdk::Delivery d;
  d.event = json::parse(R"({"event_id":"e1","event_type":"order.cancelled","data":{
      "order_id":"ORD-1","cancellation_id":")" +
                        id + R"(","scope":")" + scope + R"(",
      "items":[{"line_id":"L2","sku":"MUG","quantity":1}]}})")
                .as_object();
  d.refs = json::parse(R"({"order_erp_id":"7","line_erp_ids":{"L2":"71"}})").as_object();
  return d;
}

TEST(CancelFlowTest, QuotationIsCancelledAndReadBack) {
  ScriptedSale sale;
  auto r = sale.adapter.deliver(cancellation("full"));
  EXPECT_EQ(r.result_class, ResultClass::ok) << json::serialize(r.details);
  EXPECT_EQ(sale.state, "cancelled");
  EXPECT_EQ(r.details.at("erp_id"), "7");
}

TEST(CancelFlowTest, ButtonThatChangesNothingIsNotReportedAsSuccess) {
  ScriptedSale sale;
  sale.buttons_work = false;
  auto r = sale.adapter.deliver(cancellation("full"));
  EXPECT_EQ(r.result_class, ResultClass::permanent);
  EXPECT_NE(json::serialize(r.details).find("in state 'quotation' after 'cancel'"),
            std::string::npos)
      << json::serialize(r.details);
}

TEST(CancelFlowTest, ConfirmedSaleGoesBackToDraftBeforeCancel) {
  ScriptedSale sale;
  sale.state = "confirmed";
  auto r = sale.adapter.deliver(cancellation("full"));
  EXPECT_EQ(r.result_class, ResultClass::ok) << json::serialize(r.details);
  const auto methods = sale.fake.methods();
  const auto draft = std::find(methods.begin(), methods.end(), "model.sale.sale.draft");
  const auto cancel = std::find(methods.begin(), methods.end(), "model.sale.sale.cancel");
  ASSERT_NE(draft, methods.end());
  EXPECT_LT(draft, cancel);
}

TEST(CancelFlowTest, ProcessingSaleIsRefusedWithTheReasonAndNothingPressed) {
  ScriptedSale sale;
  sale.state = "processing";
  for (const char* scope : {"full", "partial"}) {
    auto r = sale.adapter.deliver(cancellation(scope));
    EXPECT_EQ(r.result_class, ResultClass::permanent);
    EXPECT_NE(json::serialize(r.details).find("is processing in Tryton"), std::string::npos);
  }
  EXPECT_EQ(sale.fake.count("model.sale.sale.cancel"), 0);
  EXPECT_EQ(sale.fake.count("model.sale.sale.write"), 0);
}

TEST(CancelFlowTest, CancellationNoteMatchesOnlyItsOwnId) {
  ScriptedSale sale;
  sale.state = "processing";
  sale.comment = "Payment: prepaid\n[erpbridge] cancellation CX-10";
  // CX-1 is not CX-10: not applied yet, so the processing sale is refused.
  EXPECT_EQ(sale.adapter.deliver(cancellation("partial", "CX-1")).result_class,
            ResultClass::permanent);
  // CX-10 is there: recognised as done.
  EXPECT_EQ(sale.adapter.deliver(cancellation("partial", "CX-10")).result_class, ResultClass::ok);
  EXPECT_EQ(sale.fake.count("model.sale.sale.write"), 0);
}

TEST(CancelFlowTest, PartialCancellationWritesLinesAndNoteInOneCall) {
  ScriptedSale sale;
  sale.state = "draft";
  sale.adapter.deliver(cancellation("partial"));
  for (const auto& request : sale.fake.requests()) {
    if (request.at("method") != "model.sale.sale.write") continue;
    const auto& values = request.at("params").at(1);
    EXPECT_EQ(values.at("comment"), "[erpbridge] cancellation CX-1");
    EXPECT_EQ(json::serialize(values.at("lines")), R"([["delete",[71]]])");
    return;
  }
  ADD_FAILURE() << "no write";
}

}  // namespace
}  // namespace erpbridge::tryton
