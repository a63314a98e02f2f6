#include <gtest/gtest.h>

#include <erpbridge/connector.hpp>

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

TEST(SapFormat, FieldLimitsComeFromTheTable) {
  EXPECT_EQ(field_limit("NAME1"), 35u);
  EXPECT_EQ(field_limit("STRAS"), 35u);
  EXPECT_EQ(field_limit("ORT01"), 35u);
  EXPECT_EQ(field_limit("PSTLZ"), 10u);
  EXPECT_EQ(field_limit("NOT_A_FIELD"), 0u);
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
