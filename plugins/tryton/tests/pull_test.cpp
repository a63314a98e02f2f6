// The pull's pure parts: the cursor text, the status map, the pull settings and the rounding of
// Tryton's float quantities. The pull itself runs against a real Tryton in
// integration/tryton_pull_test.cpp.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <limits>

#include <erpbridge/connector.hpp>

#include "pull_cursor.hpp"
#include "sale_status.hpp"
#include "stock_pull.hpp"
#include "tryton_settings.hpp"

namespace erpbridge::tryton {
namespace {

namespace json = boost::json;

Stamp stamp(int second, int microsecond) {
  return Stamp{2026, 11, 27, 7, 38, second, microsecond};
}

TEST(PullCursorTest, EncodesBothMarksAndDecodesThemBack) {
  PullCursor c{Mark{stamp(30, 480364), 12}, Mark{stamp(31, 5), 4}};
  const auto text = c.encode();
  EXPECT_EQ(text, "v1;moves=2026-11-27T07:38:30.480364,12;sales=2026-11-27T07:38:31.000005,4");
  auto back = PullCursor::decode(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->moves, c.moves);
  EXPECT_EQ(back->sales, c.sales);
}

TEST(PullCursorTest, TheStartOfTimeRoundTrips) {
  const auto text = PullCursor{}.encode();
  EXPECT_EQ(text, "v1;moves=1970-01-01T00:00:00.000000,0;sales=1970-01-01T00:00:00.000000,0");
  auto back = PullCursor::decode(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->moves, Mark{});
}

TEST(PullCursorTest, RefusesTextItDidNotWrite) {
  for (const char* bad :
       {"", "v2;moves=2026-11-27T07:38:30.480364,1;sales=2026-11-27T07:38:31.000000,4",
        "v1;moves=2026-11-27T07:38:30.480364,1",
        "v1;sales=2026-11-27T07:38:31.000000,4;moves=2026-11-27T07:38:30.480364,1",
        "v1;moves=2026-11-27T07:38:30.480364;sales=2026-11-27T07:38:31.000000,4",
        "v1;moves=2026-11-27T07:38:30.480364,-1;sales=2026-11-27T07:38:31.000000,4",
        "v1;moves=2026-11-27T07:38:30.480364,1x;sales=2026-11-27T07:38:31.000000,4",
        "v1;moves=2026-13-27T07:38:30.480364,1;sales=2026-11-27T07:38:31.000000,4",
        "v1;moves=2026-11-27T07:38:30.480364Z,1;sales=2026-11-27T07:38:31.000000,4",
        "v1;moves=2026-11-27 07:38:30.480364,1;sales=2026-11-27T07:38:31.000000,4"})
    EXPECT_FALSE(PullCursor::decode(bad)) << bad;
}

TEST(PullCursorTest, MarksOrderByTimeThenId) {
  EXPECT_LT((Mark{stamp(30, 1), 99}), (Mark{stamp(30, 2), 1}));
  EXPECT_LT((Mark{stamp(30, 1), 3}), (Mark{stamp(30, 1), 4}));
  EXPECT_LT((Mark{stamp(59, 999999), 9}), (Mark{Stamp{2026, 11, 27, 7, 39, 0, 0}, 1}));
}

TEST(PullCursorTest, StampsCrossTrytonsJsonAsDatetimeObjects) {
  const auto s = stamp(30, 480364);
  EXPECT_EQ(json::serialize(s.to_json()),
            R"({"__class__":"datetime","year":2026,"month":11,"day":27,"hour":7,"minute":38,)"
            R"("second":30,"microsecond":480364})");
  EXPECT_EQ(Stamp::from_json(s.to_json()), s);
  EXPECT_FALSE(
      Stamp::from_json(json::parse(R"({"__class__":"date","year":2026,"month":11,"day":27})")));
  EXPECT_FALSE(Stamp::from_json(json::value(nullptr)));
}

TEST(PullCursorTest, SinceAcceptsUtcTimesWithOrWithoutFractionAndZ) {
  EXPECT_EQ(Stamp::parse("2026-11-01T00:00:00Z"), (Stamp{2026, 11, 1, 0, 0, 0, 0}));
  EXPECT_EQ(Stamp::parse("2026-11-01T10:20:30.000123"), (Stamp{2026, 11, 1, 10, 20, 30, 123}));
  EXPECT_FALSE(Stamp::parse("2026-11-01T00:00:00+05:30"));
  EXPECT_FALSE(Stamp::parse("2026-11-01"));
  EXPECT_FALSE(Stamp::parse("2026-11-01T24:00:00"));
}

SaleSnapshot sale(const char* state, const char* shipment_state = "none") {
  return SaleSnapshot{state, shipment_state, false, false};
}
SaleSnapshot return_sale(const char* state) {
  return SaleSnapshot{state, "none", true, false};
}

TEST(SaleStatusTest, DefaultMapFollowsTheSaleThroughItsStates) {
  const auto map = default_status_map();
  EXPECT_EQ(commerceup_status(sale("draft"), map), std::nullopt);
  EXPECT_EQ(commerceup_status(sale("quotation"), map), std::nullopt);
  EXPECT_EQ(commerceup_status(sale("confirmed"), map), "In Process");
  EXPECT_EQ(commerceup_status(sale("processing", "waiting"), map), "In Process");
  EXPECT_EQ(commerceup_status(sale("processing", "exception"), map), "In Process");
  EXPECT_EQ(commerceup_status(sale("processing", "sent"), map), "Shipped");
  EXPECT_EQ(commerceup_status(sale("done", "sent"), map), "Delivered");
  EXPECT_EQ(commerceup_status(sale("cancelled"), map), "Cancelled");
}

TEST(SaleStatusTest, AVoidedSaleIsCancelledForTheStoreThoughTrytonSaysDone) {
  EXPECT_EQ(commerceup_status(SaleSnapshot{"done", "none", false, true}, default_status_map()),
            "Cancelled");
}

TEST(SaleStatusTest, ReturnSalesAreApprovedWhenConfirmedAndRejectedWhenCancelled) {
  const auto map = default_status_map();
  EXPECT_EQ(commerceup_status(return_sale("quotation"), map), std::nullopt);
  EXPECT_EQ(commerceup_status(return_sale("confirmed"), map), "Return Approved");
  EXPECT_EQ(commerceup_status(return_sale("processing"), map), "Return Approved");
  EXPECT_EQ(commerceup_status(return_sale("done"), map), "Return Approved");
  EXPECT_EQ(commerceup_status(return_sale("cancelled"), map), "Return Rejected");
}

TEST(SaleStatusTest, UnknownStatesReportNothing) {
  EXPECT_EQ(situation_of(sale("archived")), std::nullopt);
}

json::object with_pull(json::value pull) {
  auto o =
      json::parse(R"({"database":"erp","login":"admin","password":"pw-12345678"})").as_object();
  o["pull"] = std::move(pull);
  return o;
}

std::string error_key(const json::object& settings, std::string* message = nullptr) {
  try {
    parse_tryton_settings(settings);
  } catch (const sdk::SettingsError& e) {
    if (message) *message = e.what();
    return e.key;
  }
  return "(accepted)";
}

TEST(PullSettingsTest, DefaultsPullBothFromWarehouseWHStartingNow) {
  auto s = parse_tryton_settings(
      json::parse(R"({"database":"erp","login":"admin","password":"pw-12345678"})").as_object());
  EXPECT_TRUE(s.pull.stock);
  EXPECT_TRUE(s.pull.order_status);
  EXPECT_EQ(std::get<std::string>(s.pull.warehouse), "WH");
  EXPECT_STREQ(s.pull.quantity_field(), "forecast_quantity");
  EXPECT_FALSE(s.pull.since);
  EXPECT_EQ(s.pull.statuses, default_status_map());
}

TEST(PullSettingsTest, EveryPullSettingIsRead) {
  auto s = parse_tryton_settings(with_pull(json::parse(R"({
      "stock": false, "order_status": true, "warehouse": 5, "stock_quantity": "quantity",
      "since": "2026-11-01T00:00:00Z",
      "statuses": {"done": "Shipped", "confirmed": null, "processing": "none"}})")));
  EXPECT_FALSE(s.pull.stock);
  EXPECT_EQ(std::get<std::int64_t>(s.pull.warehouse), 5);
  EXPECT_STREQ(s.pull.quantity_field(), "quantity");
  EXPECT_EQ(s.pull.since, (Stamp{2026, 11, 1, 0, 0, 0, 0}));
  EXPECT_EQ(commerceup_status(sale("done"), s.pull.statuses), "Shipped");
  EXPECT_EQ(commerceup_status(sale("confirmed"), s.pull.statuses), std::nullopt);
  EXPECT_EQ(commerceup_status(sale("processing"), s.pull.statuses), std::nullopt);
  EXPECT_EQ(commerceup_status(sale("cancelled"), s.pull.statuses), "Cancelled");
}

TEST(PullSettingsTest, BadPullSettingsNameTheirPointer) {
  std::string message;
  EXPECT_EQ(error_key(with_pull("yes")), "/pull");
  EXPECT_EQ(error_key(with_pull(json::object{{"interval", 5}})), "/pull/interval");
  EXPECT_EQ(error_key(with_pull(json::object{{"stock", "yes"}})), "/pull/stock");
  EXPECT_EQ(error_key(with_pull(json::object{{"order_status", 1}})), "/pull/order_status");
  EXPECT_EQ(error_key(with_pull(json::object{{"warehouse", 0}})), "/pull/warehouse");
  EXPECT_EQ(error_key(with_pull(json::object{{"stock_quantity", "on_hand"}})),
            "/pull/stock_quantity");
  EXPECT_EQ(error_key(with_pull(json::object{{"since", "2026-11-01T00:00:00+05:30"}}), &message),
            "/pull/since");
  EXPECT_NE(message.find("UTC"), std::string::npos) << message;
  EXPECT_EQ(error_key(with_pull(json::parse(R"({"statuses": {"sent": "Shipped"}})")), &message),
            "/pull/statuses/sent");
  EXPECT_NE(message.find("return_confirmed"), std::string::npos) << message;
  EXPECT_EQ(error_key(with_pull(json::parse(R"({"statuses": {"done": "Closed"}})")), &message),
            "/pull/statuses/done");
  EXPECT_NE(message.find("Return Rejected"), std::string::npos) << message;
}

TEST(StockRoundingTest, QuantitiesRoundDownToWholeUnitsAndNeverBelowZero) {
  EXPECT_EQ(whole_units(8.0), 8);
  EXPECT_EQ(whole_units(2.7), 2);
  EXPECT_EQ(whole_units(7.9999999), 8);  // float noise, not a missing unit
  EXPECT_EQ(whole_units(0.4), 0);
  EXPECT_EQ(whole_units(-3.0), 0);
  EXPECT_EQ(whole_units(std::numeric_limits<double>::quiet_NaN()), 0);
  EXPECT_EQ(whole_units(1e300), 9000000000000000);
}

}  // namespace
}  // namespace erpbridge::tryton
