#include <gtest/gtest.h>

#include <erpbridge/connector.hpp>

#include <string>
#include <vector>

#include "sap_format.hpp"

namespace erpbridge::sap_xml {
namespace {

TEST(SapFormat, DateIsTheCalendarDateAsWrittenInYyyymmdd) {
  EXPECT_EQ(sap_date("2026-11-20T10:31:10+05:30"), "20261120");
  EXPECT_EQ(sap_date("2026-01-02T23:59:59Z"), "20260102");
  EXPECT_EQ(sap_date("2026-12-31"), "20261231");
}

TEST(SapFormat, MalformedDatesAreRefused) {
  EXPECT_FALSE(sap_date("20/11/2026"));
  EXPECT_FALSE(sap_date("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(sap_date("2026-11-2x"));
  EXPECT_FALSE(sap_date(""));
}

TEST(SapFormat, DecimalsUseADotAndNothingElse) {
  EXPECT_EQ(sap_decimal("499.00"), "499.00");
  EXPECT_EQ(sap_decimal("2"), "2");
  EXPECT_EQ(sap_decimal("-1.5"), "-1.5");
  EXPECT_FALSE(sap_decimal("1,5"));
  EXPECT_FALSE(sap_decimal("1.2.3"));
  EXPECT_FALSE(sap_decimal("."));
  EXPECT_FALSE(sap_decimal("12abc"));
}

TEST(SapFormat, NumericCustomerNumbersArePaddedToTenDigits) {
  EXPECT_EQ(alpha("100001"), "0000100001");
  EXPECT_EQ(alpha("0000100001"), "0000100001");
  EXPECT_EQ(alpha("4500000001"), "4500000001");
}

TEST(SapFormat, NonNumericNumbersAreLeftAlone) {
  EXPECT_EQ(alpha("C-1001"), "C-1001");
  EXPECT_EQ(alpha(""), "");
}

TEST(SapFormat, FieldLimitsAreThoseOfTheSegment) {
  EXPECT_EQ(field_limit("E1KNA1M", "NAME1"), 35u);
  EXPECT_EQ(field_limit("E1KNA1M", "PSTLZ"), 10u);
  EXPECT_EQ(field_limit("E1EDKA1", "PSTLZ"), 9u);
  EXPECT_EQ(field_limit("E1KNA1M", "TELF1"), 16u);
  EXPECT_EQ(field_limit("E1EDKA1", "TELF1"), 25u);
  EXPECT_EQ(field_limit("E1KNA1M", "NOT_A_FIELD"), 0u);
  EXPECT_EQ(field_limit("E1KNA1M", "SMTP_ADDR"), 0u);  // SAP has no e-mail in E1KNA1M
}

TEST(SapFormat, DecimalArithmeticIsExact) {
  EXPECT_EQ(decimal_add("948.00", "299.00"), "1247.00");
  EXPECT_EQ(decimal_add("0.1", "0.2"), "0.3");
  EXPECT_EQ(decimal_add("2", "0.5"), "2.5");
  EXPECT_EQ(decimal_subtract("2", "1"), "1");
  EXPECT_EQ(decimal_subtract("1", "1.000"), "0.000");
  EXPECT_EQ(decimal_subtract("1", "3"), "-2");
  EXPECT_EQ(decimal_sign("0.000"), 0);
  EXPECT_EQ(decimal_sign("-0.5"), -1);
  EXPECT_FALSE(decimal_add("1,5", "1"));
  EXPECT_FALSE(decimal_add("99999999999999999999", "1"));
}

TEST(SapFormat, LongNameBreaksAtASpaceIntoTheNextNameLine) {
  const auto lines = split_name("Sri Venkateswara Textiles and Garments Private Limited", 35, 1);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "Sri Venkateswara Textiles and");
  EXPECT_EQ(lines[1], "Garments Private Limited");
  EXPECT_EQ(split_name("Asha Rao", 35, 1), (std::vector<std::string>{"Asha Rao", ""}));
  const auto unbroken = split_name(std::string(40, 'N'), 35, 1);
  EXPECT_EQ(unbroken[0], std::string(35, 'N'));
  EXPECT_EQ(unbroken[1], std::string(5, 'N'));
}

TEST(SapFormat, NameBreakCountsCharactersNotBytes) {
  std::string name;
  for (int i = 0; i < 34; ++i) name += "\xc3\xa9";  // é
  name += " M\xc3\xbcller";
  const auto lines = split_name(name, 35, 1);
  EXPECT_EQ(utf8_length(lines[0]), 34u);
  EXPECT_EQ(lines[1], "M\xc3\xbcller");
}

TEST(SapFormat, UsZipPlus4KeepsTheZipCodeWhereTheFieldIsTooShort) {
  EXPECT_EQ(postal_code("US", "94105-1234", 9), "94105");
  EXPECT_EQ(postal_code("US", "94105-1234", 10), "94105-1234");
  EXPECT_EQ(postal_code("US", "94105", 9), "94105");
  EXPECT_EQ(postal_code("IN", "411001", 9), "411001");
  EXPECT_EQ(postal_code("GB", "SW1A 1AA-X", 9), "SW1A 1AA-X");  // not a ZIP+4: policy decides
}

TEST(SapFormat, TruncateKeepsTheFirstCharactersOfALongValue) {
  const std::string long_name(40, 'x');
  EXPECT_EQ(fit("E1KNA1M", "NAME1", long_name, OverflowPolicy::truncate), std::string(35, 'x'));
  EXPECT_EQ(fit("E1KNA1M", "PSTLZ", "12345678901", OverflowPolicy::truncate), "1234567890");
}

TEST(SapFormat, TruncateCountsCharactersNotBytes) {
  std::string umlauts;
  for (int i = 0; i < 36; ++i) umlauts += "\xc3\xa4";  // ä
  const std::string kept = fit("E1KNA1M", "NAME1", umlauts, OverflowPolicy::truncate);
  EXPECT_EQ(utf8_length(kept), 35u);
  EXPECT_EQ(kept.size(), 70u);
}

TEST(SapFormat, RefuseNamesTheSegmentAndField) {
  try {
    fit("E1KNA1M", "NAME1", std::string(36, 'x'), OverflowPolicy::refuse);
    FAIL() << "no error";
  } catch (const sdk::ConnectorError& e) {
    EXPECT_EQ(e.result_class, sdk::ResultClass::invalid);
    EXPECT_NE(std::string(e.what()).find("E1KNA1M/NAME1"), std::string::npos) << e.what();
  }
  EXPECT_EQ(fit("E1KNA1M", "NAME1", std::string(35, 'x'), OverflowPolicy::refuse).size(), 35u);
}

}  // namespace
}  // namespace erpbridge::sap_xml
