#include <gtest/gtest.h>

#include "idoc_builder.hpp"
#include "test_helpers.hpp"

namespace erpbridge::sap_xml {
namespace {

using testing::at;
using testing::delivery;
using testing::settings_with;

constexpr const char* kOrderRefs = R"({"order_erp_id": "4500000001",
    "line_erp_ids": {"L1": "000010", "L2": "000020"}})";

TEST(IdocBuilder, CustomerIsADebmasIdocWithControlRecordAndAddress) {
  const Idoc idoc = build_idoc(delivery("customer.created"), settings_with());
  EXPECT_EQ(idoc.xml,
            "<DEBMAS06><IDOC BEGIN=\"1\"><EDI_DC40 SEGMENT=\"1\"><TABNAM>EDI_DC40</TABNAM>"
            "<MANDT>100</MANDT><DIRECT>2</DIRECT><IDOCTYP>DEBMAS06</IDOCTYP><MESTYP>DEBMAS</MESTYP>"
            "<SNDPOR>ERPBRIDGE</SNDPOR><SNDPRT>LS</SNDPRT><SNDPRN>COMMERCEUP</SNDPRN>"
            "<RCVPOR>SAP</RCVPOR><RCVPRT>LS</RCVPRT><RCVPRN>S4HCLNT100</RCVPRN>"
            "<CREDAT>20261120</CREDAT><CRETIM>101500</CRETIM>"
            "<ARCKEY>p8f3a21:evt_01HZX3K7Q2C8M5</ARCKEY></EDI_DC40>"
            "<E1KNA1M SEGMENT=\"1\"><MSGFN>009</MSGFN><KTOKD>0001</KTOKD><LAND1>IN</LAND1>"
            "<NAME1>Asha Rao</NAME1><ORT01>Pune</ORT01><ORT02>Flat 4B</ORT02><PSTLZ>411001</PSTLZ>"
            "<REGIO>MH</REGIO><STRAS>12 MG Road</STRAS><TELF1>+919800000001</TELF1>"
            "<SMTP_ADDR>asha.rao@example.com</SMTP_ADDR></E1KNA1M></IDOC></DEBMAS06>");
}

TEST(IdocBuilder, ControlRecordValuesComeFromTheTenant) {
  const Idoc idoc =
      build_idoc(delivery("customer.created"),
                 settings_with(R"({"control": {"mandt": 800, "sndpor": "SAPCUP", "sndprt": "KU",
                                    "sndprn": "SHOP1", "rcvpor": "SAPP01", "rcvprt": "LS",
                                    "rcvprn": "P01CLNT800"},
                       "messages": {"customer.created": {"mestyp": "DEBMAS", "idoctyp": "DEBMAS07"}}})"));
  EXPECT_EQ(at(idoc.xml, "/DEBMAS07/IDOC/EDI_DC40/MANDT"), "800");
  EXPECT_EQ(at(idoc.xml, "//EDI_DC40/SNDPOR"), "SAPCUP");
  EXPECT_EQ(at(idoc.xml, "//EDI_DC40/SNDPRT"), "KU");
  EXPECT_EQ(at(idoc.xml, "//EDI_DC40/SNDPRN"), "SHOP1");
  EXPECT_EQ(at(idoc.xml, "//EDI_DC40/RCVPOR"), "SAPP01");
  EXPECT_EQ(at(idoc.xml, "//EDI_DC40/RCVPRN"), "P01CLNT800");
  EXPECT_EQ(at(idoc.xml, "//EDI_DC40/IDOCTYP"), "DEBMAS07");
}

TEST(IdocBuilder, OrderIsOrders05WithSoldToShipToBillToAndItems) {
  const Idoc idoc = build_idoc(delivery("order.created", R"({"customer_erp_id": "100001"})"),
                               settings_with(R"({"order_type": "ZWEB"})"));
  const std::string& x = idoc.xml;
  EXPECT_EQ(at(x, "/ORDERS05/IDOC/EDI_DC40/MESTYP"), "ORDERS");
  EXPECT_EQ(at(x, "//E1EDK01/CURCY"), "INR");
  EXPECT_EQ(at(x, "//E1EDK01/BSART"), "ZWEB");
  EXPECT_EQ(at(x, "//E1EDK03[IDDAT='012']/DATUM"), "20261120");
  EXPECT_EQ(at(x, "//E1EDKA1[PARVW='AG']/PARTN"), "0000100001");
  EXPECT_EQ(at(x, "//E1EDKA1[PARVW='WE']/NAME1"), "Asha Rao");
  EXPECT_EQ(at(x, "//E1EDKA1[PARVW='WE']/STRAS"), "12 MG Road");
  EXPECT_EQ(at(x, "//E1EDKA1[PARVW='WE']/STRS2"), "Flat 4B");
  EXPECT_EQ(at(x, "//E1EDKA1[PARVW='RE']/ORT01"), "Pune");
  EXPECT_EQ(at(x, "//E1EDKA1[PARVW='RE']/PSTLZ"), "411001");
  EXPECT_EQ(at(x, "//E1EDKA1[PARVW='RE']/LAND1"), "IN");
  EXPECT_EQ(at(x, "//E1EDK02[QUALF='001']/BELNR"), "ORD-5001");
  EXPECT_EQ(at(x, "count(//E1EDP01)"), "2");
  EXPECT_EQ(at(x, "//E1EDP01[1]/POSEX"), "000010");
  EXPECT_EQ(at(x, "//E1EDP01[1]/MENGE"), "2");
  EXPECT_EQ(at(x, "//E1EDP01[1]/MENEE"), "ST");
  EXPECT_EQ(at(x, "//E1EDP01[1]/VPREI"), "499.00");
  EXPECT_EQ(at(x, "//E1EDP01[1]/NETWR"), "948.00");
  EXPECT_EQ(at(x, "//E1EDP01[1]/E1EDP19[QUALF='002']/IDTNR"), "TSHIRT-BLU-M");
  EXPECT_EQ(at(x, "//E1EDP01[1]/E1EDP04/MSATZ"), "12");
  EXPECT_EQ(at(x, "//E1EDP01[1]/E1EDP04/MWSBT"), "101.68");
  EXPECT_EQ(at(x, "//E1EDP01[2]/POSEX"), "000020");
  EXPECT_EQ(at(x, "//E1EDP01[2]/E1EDP19/IDTNR"), "MUG-CER-350");
}

TEST(IdocBuilder, OrderRecordsItemNumbersAsLineErpIds) {
  const Idoc idoc =
      build_idoc(delivery("order.created", R"({"customer_erp_id": "100001"})"), settings_with());
  ASSERT_EQ(idoc.positions.size(), 2u);
  EXPECT_EQ(idoc.positions.at("L1"), "000010");
  EXPECT_EQ(idoc.positions.at("L2"), "000020");
}

TEST(IdocBuilder, OrderWithoutCustomerNumberIsInvalid) {
  try {
    build_idoc(delivery("order.created"), settings_with());
    FAIL();
  } catch (const sdk::ConnectorError& e) {
    EXPECT_EQ(e.result_class, sdk::ResultClass::invalid);
    EXPECT_NE(std::string(e.what()).find("customer_erp_id"), std::string::npos);
  }
}

TEST(IdocBuilder, UnitDefaultsFromTheTenant) {
  const Idoc idoc = build_idoc(delivery("order.created", R"({"customer_erp_id": "7"})"),
                               settings_with(R"({"default_unit": "PCE"})"));
  EXPECT_EQ(at(idoc.xml, "//E1EDP01[1]/MENEE"), "PCE");
  EXPECT_EQ(at(idoc.xml, "//E1EDKA1[PARVW='AG']/PARTN"), "0000000007");
}

TEST(IdocBuilder, PartialCancelIsOrdchgWithItemLevelActions) {
  const Idoc idoc = build_idoc(delivery("order.cancelled", kOrderRefs), settings_with());
  const std::string& x = idoc.xml;
  EXPECT_EQ(at(x, "/ORDERS05/IDOC/EDI_DC40/MESTYP"), "ORDCHG");
  EXPECT_EQ(at(x, "//E1EDK01/ACTION"), "002");
  EXPECT_EQ(at(x, "//E1EDK02[QUALF='001']/BELNR"), "4500000001");
  EXPECT_EQ(at(x, "count(//E1EDP01)"), "1");
  EXPECT_EQ(at(x, "//E1EDP01/POSEX"), "000020");
  EXPECT_EQ(at(x, "//E1EDP01/ACTION"), "003");
}

TEST(IdocBuilder, FullCancelCancelsTheWholeOrderInTheHeader) {
  auto d = delivery("order.cancelled", kOrderRefs);
  d.event["data"].as_object()["scope"] = "full";
  const Idoc idoc = build_idoc(d, settings_with());
  EXPECT_EQ(at(idoc.xml, "//E1EDK01/ACTION"), "003");
  EXPECT_EQ(at(idoc.xml, "count(//E1EDP01)"), "0");
}

TEST(IdocBuilder, CancelOfALineWithoutItemNumberIsInvalid) {
  try {
    build_idoc(delivery("order.cancelled", R"({"order_erp_id": "4500000001"})"), settings_with());
    FAIL();
  } catch (const sdk::ConnectorError& e) {
    EXPECT_EQ(e.result_class, sdk::ResultClass::invalid);
    EXPECT_NE(std::string(e.what()).find("L2"), std::string::npos);
  }
}

TEST(IdocBuilder, ReturnIsAReturnOrderReferringToTheOriginalOrder) {
  const Idoc idoc = build_idoc(delivery("order.returned", kOrderRefs), settings_with());
  const std::string& x = idoc.xml;
  EXPECT_EQ(at(x, "/ORDERS05/IDOC/EDI_DC40/MESTYP"), "ORDERS");
  EXPECT_EQ(at(x, "//E1EDK01/BSART"), "RE");
  EXPECT_EQ(at(x, "//E1EDK02[QUALF='043']/BELNR"), "4500000001");
  EXPECT_EQ(at(x, "//E1EDK02[QUALF='001']/BELNR"), "RT-1");
  EXPECT_EQ(at(x, "//E1EDP01/POSEX"), "000010");
  EXPECT_EQ(at(x, "//E1EDP01/MENGE"), "1");
  EXPECT_EQ(at(x, "//E1EDP01/NETWR"), "474.00");
  EXPECT_EQ(at(x, "//E1EDP01/E1EDP02[QUALF='043']/ZEILE"), "000010");
  EXPECT_EQ(at(x, "//E1EDP01/E1EDP19/IDTNR"), "TSHIRT-BLU-M");
  EXPECT_EQ(at(x, "//E1EDP01/E1EDP04/MWSBT"), "50.84");
}

TEST(IdocBuilder, ReturnOrderTypeIsConfigurable) {
  const Idoc idoc = build_idoc(delivery("order.returned", kOrderRefs),
                               settings_with(R"({"return_order_type": "ZRE"})"));
  EXPECT_EQ(at(idoc.xml, "//E1EDK01/BSART"), "ZRE");
}

TEST(IdocBuilder, LongNameIsTruncatedByDefault) {
  auto d = delivery("customer.created");
  d.event["data"].as_object()["addresses"].as_array()[0].as_object()["name"] = std::string(50, 'N');
  const Idoc idoc = build_idoc(d, settings_with());
  EXPECT_EQ(at(idoc.xml, "//E1KNA1M/NAME1"), std::string(35, 'N'));
}

TEST(IdocBuilder, LongNameIsRefusedUnderRefuse) {
  auto d = delivery("customer.created");
  d.event["data"].as_object()["addresses"].as_array()[0].as_object()["city"] = std::string(40, 'C');
  try {
    build_idoc(d, settings_with(R"({"overflow": "refuse"})"));
    FAIL();
  } catch (const sdk::ConnectorError& e) {
    EXPECT_EQ(e.result_class, sdk::ResultClass::invalid);
    EXPECT_NE(std::string(e.what()).find("ORT01"), std::string::npos) << e.what();
  }
}

TEST(IdocBuilder, MalformedDateIsInvalid) {
  auto d = delivery("order.created", R"({"customer_erp_id": "1"})");
  d.event["data"].as_object()["placed_at"] = "yesterday";
  EXPECT_THROW(build_idoc(d, settings_with()), sdk::ConnectorError);
}

TEST(IdocBuilder, MarkupInValuesIsEscaped) {
  auto d = delivery("customer.created");
  d.event["data"].as_object()["addresses"].as_array()[0].as_object()["name"] = "A & B <Ltd>";
  const Idoc idoc = build_idoc(d, settings_with());
  EXPECT_EQ(at(idoc.xml, "//E1KNA1M/NAME1"), "A & B <Ltd>");
}

}  // namespace
}  // namespace erpbridge::sap_xml
