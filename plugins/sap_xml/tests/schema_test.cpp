#include <gtest/gtest.h>

#include "sap_adapter.hpp"
#include "test_helpers.hpp"

namespace erpbridge::sap_xml {
namespace {

const std::string kXsd = std::string(SAP_XML_TEST_DIR) + "/debmas06-test.xsd";

// A host whose HTTP service only counts calls: validation must stop before it.
int g_sends = 0;
void no_log(erpb_host_ctx*, erpb_log_level, erpb_str) {}
const erpb_http_response* count_send(erpb_host_ctx*, const erpb_http_request*) {
  ++g_sends;
  static erpb_http_response answer{
      sizeof(erpb_http_response), ERPB_TRANSPORT_NOT_SENT, 0, {}, nullptr, 0, {}};
  return &answer;
}
void no_release(erpb_host_ctx*, const erpb_http_response*) {}
const erpb_host_api kCountingHost{sizeof(erpb_host_api),
                                  ERPB_ABI_VERSION_MAJOR,
                                  ERPB_ABI_VERSION_MINOR,
                                  no_log,
                                  count_send,
                                  no_release};

SapXmlConnector connector_with_xsd() {
  auto settings = testing::minimal_settings();
  settings["xsd"] = kXsd;
  return SapXmlConnector(sdk::Host(&kCountingHost, nullptr), settings);
}

TEST(XsdValidation, ValidCustomerIdocIsSent) {
  g_sends = 0;
  auto connector = connector_with_xsd();
  auto r = connector.deliver(testing::delivery("customer.created"));
  EXPECT_EQ(g_sends, 1);
  EXPECT_EQ(r.result_class, sdk::ResultClass::retryable);  // the counting host sends nothing
}

TEST(XsdValidation, InvalidIdocIsInvalidNamesTheElementAndIsNeverSent) {
  g_sends = 0;
  auto connector = connector_with_xsd();
  auto d = testing::delivery("customer.created");
  d.event["data"].as_object()["addresses"].as_array()[0].as_object()["pincode"] = "PUNE-1";
  auto r = connector.deliver(d);
  EXPECT_EQ(g_sends, 0);
  EXPECT_EQ(r.result_class, sdk::ResultClass::invalid);
  EXPECT_EQ(r.details.at("element").as_string(), "PSTLZ");
  const std::string message(r.details.at("message").as_string());
  EXPECT_NE(message.find("element PSTLZ"), std::string::npos) << message;
  EXPECT_NE(message.find("PUNE-1"), std::string::npos) << message;
}

TEST(XsdValidation, MissingRequiredSegmentIsNamed) {
  XmlSchema schema(kXsd);
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
  SapXmlConnector connector(sdk::Host(&kCountingHost, nullptr), settings);
  g_sends = 0;
  connector.deliver(testing::delivery("customer.created"));
  connector.deliver(testing::delivery("order.created", R"({"customer_erp_id": "100001"})"));
  auto cancel = testing::delivery("order.cancelled", R"({"order_erp_id": "4500000001"})");
  cancel.event["data"].as_object()["scope"] = "full";
  connector.deliver(cancel);
  EXPECT_EQ(g_sends, 3);

  // An ORDCHG checked against the ORDERS schema breaks its fixed MESTYP and is never sent.
  settings["xsd"].as_object()["ORDCHG"] = dir + "/ORDERS05.xsd";
  SapXmlConnector mismatched(sdk::Host(&kCountingHost, nullptr), settings);
  g_sends = 0;
  auto r = mismatched.deliver(cancel);
  EXPECT_EQ(g_sends, 0);
  EXPECT_EQ(r.result_class, sdk::ResultClass::invalid);
  EXPECT_EQ(r.details.at("element").as_string(), "MESTYP");
}

TEST(XsdValidation, UnreadableXsdIsASettingsError) {
  auto settings = testing::minimal_settings();
  settings["xsd"] = std::string(SAP_XML_TEST_DIR) + "/CMakeLists.txt";
  try {
    SapXmlConnector(sdk::Host(&kCountingHost, nullptr), settings);
    FAIL();
  } catch (const sdk::SettingsError& e) {
    EXPECT_EQ(e.key, "/xsd");
  }
}

}  // namespace
}  // namespace erpbridge::sap_xml
