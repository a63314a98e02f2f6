// End to end: the order ledger's door check (docs/ledger.md) through `erpbridge serve`, the
// facade and /v1/events, against the test ERP: a cancel or return that names an unknown line
// or moves more than is left is refused with 422 before anything is stored or sent, and a
// repeated cancellation gets its first answer.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "serve_fixture.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;

using LedgerDoorTest = ServeTest;

// The sample order.cancelled's data with its one line (L2) moving `quantity`.
json::object cancel_of(json::object cancel, const std::string& line_id, std::int64_t quantity) {
  auto& item = cancel.at("items").as_array().at(0).as_object();
  item["line_id"] = line_id;
  item["quantity"] = quantity;
  return cancel;
}

TEST_F(LedgerDoorTest, OverCancelIs422NamingTheLineAndItsQuantitiesAndTheErpSeesNoCancel) {
  ASSERT_EQ(post_json("/createcustomer", data("customer.created"), bearer_auth()).status, 200);
  ASSERT_EQ(post_json("/createorder", data("order.created"), bearer_auth()).status, 200);

  HttpReply r =
      post_json("/cancelorder", cancel_of(data("order.cancelled"), "L2", 2), bearer_auth());
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("status"), "error");
  EXPECT_EQ(r.json().at("error").at("code"), "quantity_exceeds_remaining");
  EXPECT_EQ(r.json().at("error").at("field"), "data.items[0].quantity");
  const std::string message(r.json().at("message").as_string());
  EXPECT_NE(message.find("cancel of 2 on line L2"), std::string::npos) << message;
  EXPECT_NE(message.find("ordered 1, cancelled 0, returned 0"), std::string::npos) << message;
  EXPECT_TRUE(erp_->requests_to("/cancelorder").empty());
  // Nothing was stored: the event is unknown.
  EXPECT_EQ(http("GET", "/v1/events/order.cancelled:CX-1", "", bearer_auth()).status, 404);

  // What is left can still be cancelled.
  HttpReply ok = post_json("/cancelorder", data("order.cancelled"), bearer_auth());
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(erp_->requests_to("/cancelorder").size(), 1u);
}

TEST_F(LedgerDoorTest, ReturnOfAnUnknownLineIs422OnV1EventsAndNothingIsStored) {
  ASSERT_EQ(post_json("/createcustomer", data("customer.created"), bearer_auth()).status, 200);
  ASSERT_EQ(post_json("/createorder", data("order.created"), bearer_auth()).status, 200);
  auto ret = envelope("order.returned");
  ret["data"].as_object()["items"].as_array()[0].as_object()["line_id"] = "L9";
  HttpReply r = post_json("/v1/events", ret, bearer_auth());
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("error").at("code"), "unknown_line");
  EXPECT_EQ(r.json().at("error").at("field"), "data.items[0].line_id");
  EXPECT_NE(r.body.find("no line L9 (its lines: L1, L2)"), std::string::npos) << r.body;
  const std::string id(ret.at("event_id").as_string());
  EXPECT_EQ(http("GET", "/v1/events/" + id, "", bearer_auth()).status, 404);
  EXPECT_TRUE(erp_->requests_to("/returnorder").empty());
}

TEST_F(LedgerDoorTest, CancelWhileItsOrderIsStillQueuedIsCheckedAgainstTheAcceptedOrder) {
  // The customer is never sent: the order waits for its ERP id, queued.
  HttpReply order = post_json("/v1/events", envelope("order.created"), bearer_auth());
  ASSERT_EQ(order.status, 202) << order.body;
  auto over = envelope("order.cancelled");
  over["data"] = cancel_of(over.at("data").as_object(), "L1", 3);
  HttpReply r = post_json("/v1/events", over, bearer_auth());
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("ordered 2"), std::string::npos) << r.body;
  // Within what was ordered it is accepted, and waits behind its order.
  HttpReply fits = post_json("/v1/events", envelope("order.cancelled"), bearer_auth());
  EXPECT_EQ(fits.status, 202) << fits.body;
  EXPECT_TRUE(erp_->requests_to("/createorder").empty());
}

TEST_F(LedgerDoorTest, RepeatedCancellationUnderANewEventIdGetsTheFirstAnswerAndOneErpCall) {
  ASSERT_EQ(post_json("/createcustomer", data("customer.created"), bearer_auth()).status, 200);
  ASSERT_EQ(post_json("/createorder", data("order.created"), bearer_auth()).status, 200);
  auto cancel = envelope("order.cancelled");
  HttpReply first = post_json("/v1/events", cancel, bearer_auth());
  ASSERT_EQ(first.status, 202) << first.body;
  const std::string first_id(cancel.at("event_id").as_string());
  ASSERT_EQ(final_status(first_id, bearer_auth()).at("state"), "delivered");

  cancel["event_id"] = first_id + "-again";
  HttpReply again = post_json("/v1/events", cancel, bearer_auth());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("event_id").as_string(), first_id);
  EXPECT_EQ(again.json().at("state"), "delivered");
  EXPECT_EQ(erp_->requests_to("/cancelorder").size(), 1u);
}

}  // namespace
}  // namespace erpbridge::testing
