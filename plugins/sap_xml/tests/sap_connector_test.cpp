// The whole sap_xml connector against the SDK's fake host: the four sample events become the
// IDocs the ERP gets (path, envelope, headers), and SAP's answers become results. No server.
#include <gtest/gtest.h>

#include "sap_adapter.hpp"
#include "soap_envelope.hpp"
#include "test_helpers.hpp"

namespace erpbridge::sap_xml {
namespace {

using sdk::ResultClass;
using sdk::testing::FakeHost;
using sdk::testing::reply;

// As the host's order ledger gives a cancel or a return: the sold-to and each line's quantities.
const char* kOrderRefs = R"({"order_erp_id": "4500000001", "customer_erp_id": "0000100001",
    "line_erp_ids": {"L1": "000010", "L2": "000020"},
    "lines": {"L1": {"ordered_quantity": 2, "cancelled_quantity": 0},
              "L2": {"ordered_quantity": 1}}})";

std::string created(const std::string& number) {
  return "<IDOC_RESPONSE><DOCNUM>0000000000000001</DOCNUM><BELNR>" + number +
         "</BELNR><STATUS><TYPE>S</TYPE><MESSAGE>ok</MESSAGE></STATUS></IDOC_RESPONSE>";
}

SapXmlConnector soap11_connector(FakeHost& host) {
  auto settings = testing::minimal_settings();
  settings["envelope"] = "soap11";
  settings["soap_action"] = "urn:sap-com:document:sap:idoc:soap:messages";
  settings["path"] = "/sap/bc/srt/idoc";
  return SapXmlConnector(host.host(), settings);
}

std::string header(const sdk::HttpRequest& request, const std::string& name) {
  for (const auto& [k, v] : request.headers)
    if (k == name) return v;
  return "<absent>";
}

TEST(SapConnector, FourSampleEventsBecomeSoapPostsAndTheirDocumentNumbers) {
  FakeHost host;
  host.push(reply(200, created("0000100001")));
  host.push(reply(200, created("4500000001")));
  host.push(reply(200, created("4500000001")));
  host.push(reply(200, created("6000000001")));
  auto connector = soap11_connector(host);

  auto customer = connector.deliver(testing::delivery("customer.created"));
  auto order =
      connector.deliver(testing::delivery("order.created", R"({"customer_erp_id": "0000100001"})"));
  auto cancel = connector.deliver(testing::delivery("order.cancelled", kOrderRefs));
  auto ret = connector.deliver(testing::delivery("order.returned", kOrderRefs));

  EXPECT_EQ(customer.details.at("erp_id"), "0000100001");
  EXPECT_EQ(order.details.at("erp_id"), "4500000001");
  EXPECT_EQ(order.details.at("line_erp_ids").at("L2"), "000020");
  EXPECT_EQ(cancel.result_class, ResultClass::ok);
  EXPECT_EQ(cancel.details.at("success"), true);
  EXPECT_EQ(ret.details.at("erp_id"), "6000000001");
  EXPECT_EQ(ret.details.at("success"), true);

  const auto sent = host.requests();
  ASSERT_EQ(sent.size(), 4u);
  for (const auto& request : sent) {
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.target, "/sap/bc/srt/idoc");
    EXPECT_EQ(header(request, "SOAPAction"), "\"urn:sap-com:document:sap:idoc:soap:messages\"");
    EXPECT_NE(header(request, "Idempotency-Key"), "<absent>");
  }
  const sdk::XmlNamespaces soap{{"s", kSoap11Namespace}};
  const auto envelope = sdk::XmlDocument::parse(sent[0].body);
  ASSERT_TRUE(envelope) << envelope.error();
  EXPECT_EQ(envelope->text_at("/s:Envelope/s:Body//EDI_DC40/MESTYP", soap), "DEBMAS");
  EXPECT_EQ(testing::at(sent[1].body, "//E1EDKA1[PARVW='AG']/PARTN"), "0000100001");
  EXPECT_EQ(testing::at(sent[2].body, "//EDI_DC40/MESTYP"), "ORDCHG");
  EXPECT_EQ(testing::at(sent[2].body, "//E1EDP01[ACTION='003']/POSEX"), "000020");
  EXPECT_EQ(testing::at(sent[3].body, "//E1EDK02[QUALF='002']/BELNR"), "4500000001");
  EXPECT_EQ(testing::at(sent[3].body, "//E1EDKA1[PARVW='AG']/PARTN"), "0000100001");
}

TEST(SapConnector, ALostReplyIsInDoubt) {
  FakeHost host;
  host.push(sdk::testing::no_answer());
  auto connector = soap11_connector(host);
  EXPECT_EQ(connector.deliver(testing::delivery("customer.created")).result_class,
            ResultClass::in_doubt);
}

TEST(SapConnector, ServiceUnavailableIsRetryableWithRetryAfter) {
  FakeHost host;
  host.push(reply(503, "down", {{"Retry-After", "3"}}));
  auto connector = soap11_connector(host);
  auto r = connector.deliver(testing::delivery("customer.created"));
  EXPECT_EQ(r.result_class, ResultClass::retryable);
  EXPECT_EQ(r.details.at("retry_after_ms"), 3000);
}

TEST(SapConnector, AnErrorStatusRecordIsPermanentWithItsMessage) {
  FakeHost host;
  host.push(reply(200,
                  "<IDOC_RESPONSE><STATUS><TYPE>E</TYPE><MESSAGE>sold-to 42 unknown</MESSAGE>"
                  "</STATUS></IDOC_RESPONSE>"));
  auto connector = soap11_connector(host);
  auto r =
      connector.deliver(testing::delivery("order.created", R"({"customer_erp_id": "0000000042"})"));
  EXPECT_EQ(r.result_class, ResultClass::permanent);
  EXPECT_NE(std::string(r.details.at("message").as_string()).find("sold-to 42 unknown"),
            std::string::npos);
}

}  // namespace
}  // namespace erpbridge::sap_xml
