// Exact decimal arithmetic for money.
#include "decimal.hpp"

#include <gtest/gtest.h>

namespace erpbridge::rest {
namespace {

Decimal d(const char* text) {
  auto value = Decimal::parse(text);
  EXPECT_TRUE(value) << text;
  return value.value_or(Decimal());
}

std::string text(const std::optional<Decimal>& value) {
  return value ? value->to_string() : "<none>";
}

TEST(Decimal, ParsesAndPrintsCanonically) {
  EXPECT_EQ(d("499.00").to_string(), "499.00");
  EXPECT_EQ(d("-0.05").to_string(), "-0.05");
  EXPECT_EQ(d(".5").to_string(), "0.5");
  EXPECT_EQ(d("+3.1e2").to_string(), "310");
  EXPECT_EQ(d("1E-3").to_string(), "0.001");
  EXPECT_EQ(d("0.1234567890123456789").to_string(), "0.123456789012345679");
  for (const char* bad : {"", "abc", "1.2.3", "-", "1e", "1e+", " 1", "1 ", "0x10", "1,5"})
    EXPECT_FALSE(Decimal::parse(bad)) << bad;
}

TEST(Decimal, MoneyArithmeticIsExact) {
  EXPECT_EQ(text(d("499.00").times(Decimal::from_integer(2))->minus(d("50.00"))), "948.00");
  EXPECT_EQ(text(d("0.1").plus(d("0.2"))), "0.3");
  EXPECT_EQ(text(d("1.10").times(d("1.10"))), "1.2100");
  EXPECT_EQ(text(d("10").divided_by(d("4"))), "2.5000000000");
  EXPECT_EQ(text(d("1").divided_by(d("3"))), "0.3333333333");
  EXPECT_EQ(text(d("2").divided_by(d("3"))), "0.6666666667");
  EXPECT_EQ(text(d("1").divided_by(d("0"))), "<none>");
}

TEST(Decimal, RoundsHalfAwayFromZero) {
  EXPECT_EQ(text(d("2.345").rounded(2)), "2.35");
  EXPECT_EQ(text(d("-2.345").rounded(2)), "-2.35");
  EXPECT_EQ(text(d("2.344").rounded(2)), "2.34");
  EXPECT_EQ(text(d("5").rounded(2)), "5.00");
  EXPECT_EQ(text(d("0.005").rounded(2)), "0.01");
}

TEST(Decimal, ComparesByValueNotScale) {
  EXPECT_EQ(d("1.0"), d("1.00"));
  EXPECT_LT(d("-1"), d("0.5"));
  EXPECT_GT(d("10.01"), d("10.001"));
}

TEST(Decimal, OverflowIsReportedNotWrapped) {
  Decimal big = d("99999999999999999999999999999999999999");
  EXPECT_FALSE(big.times(big));
  EXPECT_FALSE(big.plus(big));
  EXPECT_FALSE(Decimal::parse("1e60"));
}

TEST(Decimal, FromDoubleUsesTheShortestForm) {
  EXPECT_EQ(text(Decimal::from_double(0.1)), "0.1");
  EXPECT_EQ(text(Decimal::from_double(2.5)), "2.5");
  EXPECT_FALSE(Decimal::from_double(1.0 / 0.0));
}

}  // namespace
}  // namespace erpbridge::rest
