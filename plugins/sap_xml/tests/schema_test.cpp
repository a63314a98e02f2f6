#include <gtest/gtest.h>

#include "sap_adapter.hpp"
#include "test_helpers.hpp"

namespace erpbridge::sap_xml {
namespace {

const std::string kXsd = std::string(SAP_XML_TEST_DIR) + "/debmas06-test.xsd";

// Validation must stop before the host: the fake host counts what was sent.
SapXmlConnector connector_with_xsd(sdk::testing::FakeHost& host) {
  auto settings = testing::minimal_settings();
  settings["xsd"] = kXsd;
  return SapXmlConnector(host.host(), settings);
}

TEST(XsdValidation, ValidCustomerIdocIsSent) {
  sdk::testing::FakeHost host;
  auto connector = connector_with_xsd(host);
  auto r = connector.deliver(testing::delivery("customer.created"));
  EXPECT_EQ(host.requests().size(), 1u);
  EXPECT_EQ(r.result_class, sdk::ResultClass::retryable);  // nothing scripted: not sent
}

TEST(XsdValidation, InvalidIdocIsInvalidNamesTheElementAndIsNeverSent) {
  sdk::testing::FakeHost host;
  auto connector = connector_with_xsd(host);
  auto d = testing::delivery("customer.created");
  d.event["data"].as_object()["addresses"].as_array()[0].as_object()["pincode"] = "PUNE-1";
  auto r = connector.deliver(d);
  EXPECT_TRUE(host.requests().empty());
  EXPECT_EQ(r.result_class, sdk::ResultClass::invalid);
  EXPECT_EQ(r.details.at("element").as_string(), "PSTLZ");
  const std::string message(r.details.at("message").as_string());
  EXPECT_NE(message.find("element PSTLZ"), std::string::npos) << message;
  EXPECT_NE(message.find("PUNE-1"), std::string::npos) << message;
}

TEST(XsdValidation, MissingRequiredSegmentIsNamed) {
  sdk::XmlSchema schema(kXsd);
  auto r = schema_violation(
      "<DEBMAS06><IDOC BEGIN=\"1\"><EDI_DC40 SEGMENT=\"1\"/></IDOC></DEBMAS06>", schema);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_class, sdk::ResultClass::invalid);
  EXPECT_NE(std::string(r->details.at("message").as_string()).find("E1KNA1M"), std::string::npos)
      << r->details.at("message").as_string();
}

TEST(XsdValidation, EachMessageTypeIsCheckedAgainstItsOwnSchema) {
  const std::string dir = SAP_ERP_XSD_DIR;
  auto settings = testing::minimal_settings();
  settings["xsd"] = boost::json::object{{"DEBMAS", dir + "/DEBMAS06.xsd"},
                                        {"ORDERS", dir + "/ORDERS05.xsd"},
                                        {"ORDCHG", dir + "/ORDCHG.xsd"}};
  sdk::testing::FakeHost host;
  SapXmlConnector connector(host.host(), settings);
  connector.deliver(testing::delivery("customer.created"));
  connector.deliver(testing::delivery("order.created", R"({"customer_erp_id": "100001"})"));
  auto cancel = testing::delivery("order.cancelled", R"({"order_erp_id": "4500000001"})");
  cancel.event["data"].as_object()["scope"] = "full";
  connector.deliver(cancel);
  EXPECT_EQ(host.requests().size(), 3u);

  // An ORDCHG checked against the ORDERS schema breaks its fixed MESTYP and is never sent.
  settings["xsd"].as_object()["ORDCHG"] = dir + "/ORDERS05.xsd";
  sdk::testing::FakeHost mismatched_host;
  SapXmlConnector mismatched(mismatched_host.host(), settings);
  auto r = mismatched.deliver(cancel);
  EXPECT_TRUE(mismatched_host.requests().empty());
  EXPECT_EQ(r.result_class, sdk::ResultClass::invalid);
  EXPECT_EQ(r.details.at("element").as_string(), "MESTYP");
}

TEST(XsdValidation, UnreadableXsdIsASettingsError) {
  auto settings = testing::minimal_settings();
  settings["xsd"] = std::string(SAP_XML_TEST_DIR) + "/CMakeLists.txt";
  sdk::testing::FakeHost host;
  try {
    SapXmlConnector(host.host(), settings);
    FAIL();
  } catch (const sdk::SettingsError& e) {
    EXPECT_EQ(e.key, "/xsd");
  }
}

}  // namespace
}  // namespace erpbridge::sap_xml
