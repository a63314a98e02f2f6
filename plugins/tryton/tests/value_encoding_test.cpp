#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "value_encoding.hpp"

namespace erpbridge::tryton {
namespace {

namespace json = boost::json;

TEST(DecimalTest, KeepsTheScaleOfMoneyFromEvents) {
  EXPECT_EQ(Decimal::parse("499.00")->to_string(), "499.00");
  EXPECT_EQ(Decimal::parse("-0.5")->to_string(), "-0.5");
  EXPECT_EQ(Decimal::parse("12")->to_string(), "12");
  EXPECT_EQ(Decimal::parse("0.05")->to_string(), "0.05");
}

TEST(DecimalTest, RefusesWhatIsNotAPlainDecimal) {
  for (const char* bad :
       {"", "1e3", "12.3.4", " 1", "1,5", "abc", "-", ".", "1234567890123456789", "0.1234567891"})
    EXPECT_FALSE(Decimal::parse(bad)) << bad;
}

TEST(DecimalTest, LineDiscountFoldsIntoAnExactNetUnitPrice) {
  // The sample order: 2 x 499.00 with 50.00 off the line is 474.00 each.
  auto gross = *Decimal::parse("499.00") * 2 - *Decimal::parse("50.00");
  EXPECT_EQ(gross.to_string(), "948.00");
  EXPECT_EQ(gross.divided_by(2, 4)->trimmed(2).to_string(), "474.00");
}

TEST(DecimalTest, DivisionRoundsHalfAwayFromZeroToTrytonsPriceDigits) {
  EXPECT_EQ(Decimal::parse("100.00")->divided_by(3, 4)->to_string(), "33.3333");
  EXPECT_EQ(Decimal::parse("2.00")->divided_by(3, 4)->to_string(), "0.6667");
  EXPECT_EQ(Decimal::parse("-2.00")->divided_by(3, 4)->to_string(), "-0.6667");
  EXPECT_EQ(Decimal::parse("0.00005")->divided_by(1, 4)->to_string(), "0.0001");
  EXPECT_FALSE(Decimal::parse("1")->divided_by(0, 4));
}

TEST(DecimalTest, ComparesAcrossScales) {
  EXPECT_TRUE(*Decimal::parse("1.50") == *Decimal::parse("1.5"));
  EXPECT_TRUE(*Decimal::parse("1.49") < *Decimal::parse("1.5"));
}

TEST(ValueEncodingTest, NumericGoesAsADecimalObjectNeverAFloat) {
  auto v = encode_decimal(*Decimal::parse("10.10"));
  EXPECT_EQ(json::serialize(v), R"({"__class__":"Decimal","decimal":"10.10"})");
}

TEST(ValueEncodingTest, ReadsDecimalObjectsBack) {
  auto v = json::parse(R"({"__class__":"Decimal","decimal":"1247.00"})");
  EXPECT_EQ(decode_decimal(v)->to_string(), "1247.00");
  EXPECT_FALSE(decode_decimal(json::parse(R"({"__class__":"date","decimal":"1"})")));
  EXPECT_FALSE(decode_decimal(json::parse("1.5")));  // a float is never trusted as money
}

TEST(ValueEncodingTest, DateIsTheCalendarDayWhereTheEventHappened) {
  auto date = date_of_timestamp("2026-11-20T10:31:10+05:30");
  ASSERT_TRUE(date);
  EXPECT_EQ(json::serialize(encode_date(*date)),
            R"({"__class__":"date","year":2026,"month":11,"day":20})");
  EXPECT_TRUE(date_of_timestamp("2024-02-29"));
  EXPECT_FALSE(date_of_timestamp("2026-02-29T00:00:00Z"));
  EXPECT_FALSE(date_of_timestamp("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(date_of_timestamp("20261120"));
  EXPECT_FALSE(date_of_timestamp(""));
}

TEST(ValueEncodingTest, BooleansReadAsOneAndZeroFromSqlite) {
  EXPECT_EQ(decode_bool(json::value(1)), true);
  EXPECT_EQ(decode_bool(json::value(0)), false);
  EXPECT_EQ(decode_bool(json::value(true)), true);
  EXPECT_FALSE(decode_bool(json::value(2)));
  EXPECT_FALSE(decode_bool(json::value("1")));
}

TEST(ValueEncodingTest, IdsArePositiveIntegers) {
  EXPECT_EQ(decode_id(json::value(12)), 12);
  EXPECT_FALSE(decode_id(json::value(0)));
  EXPECT_FALSE(decode_id(json::value(nullptr)));
  EXPECT_EQ(parse_id("42"), 42);
  EXPECT_FALSE(parse_id("42a"));
  EXPECT_FALSE(parse_id("-1"));
  EXPECT_FALSE(parse_id(""));
}

}  // namespace
}  // namespace erpbridge::tryton
