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

TEST(SapSettings, MissingControlRecordIsRefused) {
  try {
    parse_settings(boost::json::object{});
    FAIL();
  } catch (const sdk::SettingsError& e) {
    EXPECT_EQ(e.key, "/control");
  }
}

}  // namespace
}  // namespace erpbridge::sap_xml
