#include <gtest/gtest.h>

#include "test_helpers.hpp"

namespace erpbridge::sap_xml {
namespace {

std::string error_key(const char* extra_json) {
  try {
    testing::settings_with(extra_json);
  } catch (const sdk::SettingsError& e) {
    return e.key;
  }
  return "<accepted>";
}

TEST(SapSettings, MinimalSettingsGetSapDefaults) {
  const Settings s = testing::settings_with();
  EXPECT_EQ(s.envelope, Envelope::plain);
  EXPECT_EQ(s.overflow, OverflowPolicy::truncate);
  EXPECT_EQ(s.message("customer.created").mestyp, "DEBMAS");
  EXPECT_EQ(s.message("order.created").idoctyp, "ORDERS05");
  EXPECT_EQ(s.message("order.cancelled").mestyp, "ORDCHG");
  EXPECT_EQ(s.message("order.returned").mestyp, "ORDERS");
  EXPECT_EQ(s.return_order_type, "RE");
  EXPECT_EQ(s.faults.retryable, (std::vector<std::string>{"Server", "Receiver"}));
}

TEST(SapSettings, ErrorsNameTheKey) {
  EXPECT_EQ(error_key(R"({"envelope": "soap13"})"), "/envelope");
  EXPECT_EQ(error_key(R"({"overflow": "wrap"})"), "/overflow");
  EXPECT_EQ(error_key(R"({"surprise": 1})"), "/surprise");
  EXPECT_EQ(error_key(R"({"control": {"mandt": "100", "sndprn": "A"}})"), "/control/rcvprn");
  EXPECT_EQ(error_key(R"({"messages": {"order.shipped": {}}})"), "/messages/order.shipped");
  EXPECT_EQ(error_key(R"({"reply": {"document_number": "//["}})"), "/reply/document_number");
  EXPECT_EQ(error_key(R"({"xsd": "/no/such/file.xsd"})"), "/xsd");
  EXPECT_EQ(error_key(R"({"faults": {"retryable": ["X"], "permanent": ["X"]}})"),
            "/faults/permanent");
  EXPECT_EQ(error_key(R"({"soap_action": "a\"b"})"), "/soap_action");
}

TEST(SapSettings, DocumentSettingsAreCheckedAgainstSapFieldLengths) {
  EXPECT_EQ(error_key(R"({"language": "ENG"})"), "/language");
  EXPECT_EQ(error_key(R"({"language": "E"})"), "/language");
  EXPECT_EQ(error_key(R"({"language_key": "EN"})"), "/language_key");
  EXPECT_EQ(error_key(R"({"sales_area": {"sales_organization": "1000"}})"),
            "/sales_area/distribution_channel");
  EXPECT_EQ(error_key(R"({"sales_area": {"sales_organization": "10000",
                          "distribution_channel": "10", "division": "00"}})"),
            "/sales_area/sales_organization");
  EXPECT_EQ(error_key(R"({"sales_area": {"sales_organization": "1000",
                          "distribution_channel": "10", "division": "00", "plant": "1"}})"),
            "/sales_area/plant");
  EXPECT_EQ(error_key(R"({"company_code": {"reconciliation_account": "140000"}})"),
            "/company_code/code");
  EXPECT_EQ(error_key(R"({"company_code": {"code": "1000", "email": "yes"}})"),
            "/company_code/email");
  EXPECT_EQ(error_key(R"({"material_number": "ean"})"), "/material_number");
}

TEST(SapSettings, XsdIsOneFileOrOneFilePerMessageType) {
  const std::string dir = SAP_XML_TEST_DIR;
  const std::string one = R"({"xsd": ")" + dir + R"(/debmas06-test.xsd"})";
  EXPECT_EQ(testing::settings_with(one.c_str()).documents.xsd.at(""), dir + "/debmas06-test.xsd");
  const std::string per_type = R"({"xsd": {"DEBMAS": ")" + dir + R"(/debmas06-test.xsd"}})";
  EXPECT_EQ(testing::settings_with(per_type.c_str()).documents.xsd.at("DEBMAS"),
            dir + "/debmas06-test.xsd");
  EXPECT_EQ(error_key(R"({"xsd": {"ORDERS": "/no/such/file.xsd"}})"), "/xsd/ORDERS");
  const std::string unknown = R"({"xsd": {"INVOIC": ")" + dir + R"(/debmas06-test.xsd"}})";
  EXPECT_EQ(error_key(unknown.c_str()), "/xsd/INVOIC");
}

TEST(SapSettings, MissingControlRecordIsRefused) {
  try {
    parse_settings(boost::json::object{});
    FAIL();
  } catch (const sdk::SettingsError& e) {
    EXPECT_EQ(e.key, "/control");
  }
}

TEST(SapSettings, TheReadmeNamesEveryDeclaredTopLevelSetting) {
  const std::string readme = sdk::testing::file_text(SAP_XML_README);
  ASSERT_FALSE(readme.empty()) << SAP_XML_README;
  EXPECT_EQ(sdk::testing::undocumented_settings(readme, sap_settings_schema()),
            std::vector<std::string>{});
}

}  // namespace
}  // namespace erpbridge::sap_xml
