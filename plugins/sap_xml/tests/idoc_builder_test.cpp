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
// As the host's order ledger gives them: the sold-to and each line's quantities.
constexpr const char* kLedgerRefs = R"({"order_erp_id": "4500000001",
    "customer_erp_id": "100001", "line_erp_ids": {"L1": "000010", "L2": "000020"},
    "lines": {"L1": {"ordered_quantity": 2, "cancelled_quantity": 0},
              "L2": {"ordered_quantity": 1}}})";

TEST(IdocBuilder, CustomerIsADebmasIdocInSapFieldOrder) {
  const Idoc idoc = build_idoc(delivery("customer.created"), settings_with());
  EXPECT_EQ(idoc.xml,
            "<DEBMAS06><IDOC BEGIN=\"1\"><EDI_DC40 SEGMENT=\"1\"><TABNAM>EDI_DC40</TABNAM>"
            "<MANDT>100</MANDT><DIRECT>2</DIRECT><IDOCTYP>DEBMAS06</IDOCTYP><MESTYP>DEBMAS</MESTYP>"
            "<SNDPOR>ERPBRIDGE</SNDPOR><SNDPRT>LS</SNDPRT><SNDPRN>COMMERCEUP</SNDPRN>"
            "<RCVPOR>SAP</RCVPOR><RCVPRT>LS</RCVPRT><RCVPRN>S4HCLNT100</RCVPRN>"
            "<CREDAT>20261120</CREDAT><CRETIM>101500</CRETIM>"
            "<ARCKEY>p8f3a21:evt_01HZX3K7Q2C8M5</ARCKEY></EDI_DC40>"
            "<E1KNA1M SEGMENT=\"1\"><MSGFN>009</MSGFN><KTOKD>0001</KTOKD><LAND1>IN</LAND1>"
            "<NAME1>Asha Rao</NAME1><ORT01>Pune</ORT01><PSTLZ>411001</PSTLZ>"
            "<REGIO>MH</REGIO><STRAS>12 MG Road, Flat 4B</STRAS><TELF1>+919800000001</TELF1>"
            "<SPRAS_ISO>EN</SPRAS_ISO></E1KNA1M></IDOC></DEBMAS06>");
}

TEST(IdocBuilder, VatNumberComesAfterStreetAndTelephone) {
  auto d = delivery("customer.created");
  d.event["data"].as_object()["gstin"] = "27AAPFU0939F1ZV";
  const std::string x = build_idoc(d, settings_with()).xml;
  EXPECT_EQ(at(x, "//E1KNA1M/STCEG"), "27AAPFU0939F1ZV");
  EXPECT_EQ(at(x, "name(//E1KNA1M/STCEG/preceding-sibling::*[1])"), "TELF1");
  EXPECT_EQ(at(x, "name(//E1KNA1M/STCEG/following-sibling::*[1])"), "SPRAS_ISO");
}

TEST(IdocBuilder, SalesAreaCompanyCodeAndLanguageComeFromTheTenant) {
  const Idoc idoc = build_idoc(delivery("customer.created"),
                               settings_with(R"({"language": "DE", "language_key": "D",
          "sales_area": {"sales_organization": "1000", "distribution_channel": "10",
                         "division": "00", "customer_group": "01", "currency": "INR",
                         "pricing_procedure": "1", "shipping_conditions": "01",
                         "account_assignment_group": "01", "payment_terms": "0001"},
          "company_code": {"code": "1000", "reconciliation_account": "140000",
                           "payment_terms": "0002"},
          "messages": {"customer.created": {"idoctyp": "DEBMAS07"}}})"));
  const std::string& x = idoc.xml;
  EXPECT_EQ(at(x, "//E1KNA1M/SPRAS"), "D");
  EXPECT_EQ(at(x, "//E1KNA1M/SPRAS_ISO"), "DE");
  EXPECT_EQ(at(x, "/DEBMAS07/IDOC/E1KNA1M/E1KNVVM/VKORG"), "1000");
  EXPECT_EQ(at(x, "//E1KNVVM/MSGFN"), "009");
  EXPECT_EQ(at(x, "//E1KNVVM/VTWEG"), "10");
  EXPECT_EQ(at(x, "//E1KNVVM/SPART"), "00");
  EXPECT_EQ(at(x, "//E1KNVVM/KALKS"), "1");
  EXPECT_EQ(at(x, "//E1KNVVM/KDGRP"), "01");
  EXPECT_EQ(at(x, "//E1KNVVM/VSBED"), "01");
  EXPECT_EQ(at(x, "//E1KNVVM/WAERS"), "INR");
  EXPECT_EQ(at(x, "//E1KNVVM/KTGRD"), "01");
  EXPECT_EQ(at(x, "//E1KNVVM/ZTERM"), "0001");
  EXPECT_EQ(at(x, "/DEBMAS07/IDOC/E1KNA1M/E1KNB1M/BUKRS"), "1000");
  EXPECT_EQ(at(x, "//E1KNB1M/AKONT"), "140000");
  EXPECT_EQ(at(x, "//E1KNB1M/ZTERM"), "0002");
  // DEBMAS carries an e-mail only at company code level.
  EXPECT_EQ(at(x, "//E1KNB1M/SMTP_ADDR"), "asha.rao@example.com");
  EXPECT_EQ(at(x, "count(//E1KNA1M/SMTP_ADDR)"), "0");
}

TEST(IdocBuilder, CompanyCodeEmailCanBeLeftOut) {
  const Idoc idoc =
      build_idoc(delivery("customer.created"),
                 settings_with(R"({"company_code": {"code": "1000", "email": false}})"));
  EXPECT_EQ(at(idoc.xml, "//E1KNB1M/BUKRS"), "1000");
  EXPECT_EQ(at(idoc.xml, "count(//SMTP_ADDR)"), "0");
}

TEST(IdocBuilder, UsZipPlus4StaysWholeInTheCustomerAndKeepsItsZipCodeInTheOrder) {
  auto c = delivery("customer.created");
  auto& address = c.event["data"].as_object()["addresses"].as_array()[0].as_object();
  address["country"] = "US";
  address["pincode"] = "94105-1234";
  EXPECT_EQ(at(build_idoc(c, settings_with(R"({"overflow": "refuse"})")).xml, "//E1KNA1M/PSTLZ"),
            "94105-1234");
  auto o = delivery("order.created", R"({"customer_erp_id": "100001"})");
  auto& ship = o.event["data"].as_object()["shipping_address"].as_object();
  ship["country"] = "US";
  ship["pincode"] = "94105-1234";
  const std::string x = build_idoc(o, settings_with(R"({"overflow": "refuse"})")).xml;
  EXPECT_EQ(at(x, "//E1EDKA1[PARVW='WE']/PSTLZ"), "94105");
  EXPECT_EQ(at(x, "//E1EDKA1[PARVW='RE']/PSTLZ"), "411001");
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
  EXPECT_EQ(at(x, "count(//E1EDK01/BSART)"), "0");  // SD inbound does not read it
  EXPECT_EQ(at(x, "//E1EDK14[QUALF='012']/ORGID"), "ZWEB");
  EXPECT_EQ(at(x, "count(//E1EDK14)"), "1");  // no sales area configured: SAP determines it
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
  EXPECT_EQ(at(x, "//E1EDS01[SUMID='001']/SUMME"), "2");
  EXPECT_EQ(at(x, "//E1EDS01[SUMID='002']/SUMME"), "1247.00");
  EXPECT_EQ(at(x, "//E1EDS01[SUMID='002']/WAERQ"), "INR");
}

TEST(IdocBuilder, OrderCarriesTheSalesAreaBeforeTheOrderType) {
  const Idoc idoc = build_idoc(delivery("order.created", R"({"customer_erp_id": "100001"})"),
                               settings_with(R"({"sales_area": {"sales_organization": "1000",
                        "distribution_channel": "10", "division": "00"}})"));
  const std::string& x = idoc.xml;
  EXPECT_EQ(at(x, "//E1EDK14[1]/QUALF"), "008");
  EXPECT_EQ(at(x, "//E1EDK14[1]/ORGID"), "1000");
  EXPECT_EQ(at(x, "//E1EDK14[2]/QUALF"), "007");
  EXPECT_EQ(at(x, "//E1EDK14[2]/ORGID"), "10");
  EXPECT_EQ(at(x, "//E1EDK14[3]/QUALF"), "006");
  EXPECT_EQ(at(x, "//E1EDK14[3]/ORGID"), "00");
  EXPECT_EQ(at(x, "//E1EDK14[4]/QUALF"), "012");
  EXPECT_EQ(at(x, "//E1EDK14[4]/ORGID"), "OR");
}

TEST(IdocBuilder, MaterialQualifiersFollowTheTenant) {
  const auto d = delivery("order.created", R"({"customer_erp_id": "100001"})");
  const std::string sap = build_idoc(d, settings_with()).xml;
  EXPECT_EQ(at(sap, "//E1EDP01[1]/E1EDP19/QUALF"), "002");  // SAP's material number
  EXPECT_EQ(at(sap, "count(//E1EDP01[1]/E1EDP19)"), "1");
  const std::string customer =
      build_idoc(d, settings_with(R"({"material_number": "customer"})")).xml;
  EXPECT_EQ(at(customer, "//E1EDP01[1]/E1EDP19/QUALF"), "001");  // the customer's number
  EXPECT_EQ(at(customer, "count(//E1EDP01[1]/E1EDP19)"), "1");
  const std::string both = build_idoc(d, settings_with(R"({"material_number": "both"})")).xml;
  EXPECT_EQ(at(both, "//E1EDP01[1]/E1EDP19[1]/QUALF"), "002");
  EXPECT_EQ(at(both, "//E1EDP01[1]/E1EDP19[2]/QUALF"), "001");
  EXPECT_EQ(at(both, "//E1EDP01[1]/E1EDP19[2]/IDTNR"), "TSHIRT-BLU-M");
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

TEST(IdocBuilder, CancellingAnItemEntirelyDeletesTheItem) {
  const Idoc idoc = build_idoc(delivery("order.cancelled", kLedgerRefs), settings_with());
  const std::string& x = idoc.xml;
  EXPECT_EQ(at(x, "/ORDERS05/IDOC/EDI_DC40/MESTYP"), "ORDCHG");
  EXPECT_EQ(at(x, "//E1EDK01/ACTION"), "003");  // changes in one or more items
  EXPECT_EQ(at(x, "//E1EDKA1[PARVW='AG']/PARTN"), "0000100001");
  EXPECT_EQ(at(x, "//E1EDK02[QUALF='002']/BELNR"), "4500000001");  // SAP's order number
  EXPECT_EQ(at(x, "count(//E1EDK02[QUALF='001'])"), "0");
  EXPECT_EQ(at(x, "count(//E1EDP01)"), "1");
  EXPECT_EQ(at(x, "//E1EDP01/POSEX"), "000020");
  EXPECT_EQ(at(x, "//E1EDP01/ACTION"), "003");  // item cancelled
  EXPECT_EQ(at(x, "count(//E1EDP01/MENGE)"), "0");
}

TEST(IdocBuilder, CancellingOneOfTwoUnitsChangesTheItemToItsNewQuantity) {
  auto d = delivery("order.cancelled", kLedgerRefs);
  auto& item = d.event["data"].as_object()["items"].as_array()[0].as_object();
  item["line_id"] = "L1";
  item["quantity"] = 1;
  const std::string x = build_idoc(d, settings_with()).xml;
  EXPECT_EQ(at(x, "//E1EDP01/POSEX"), "000010");
  EXPECT_EQ(at(x, "//E1EDP01/ACTION"), "002");  // item changed
  EXPECT_EQ(at(x, "//E1EDP01/MENGE"), "1");     // the new quantity, not the cancelled one
}

TEST(IdocBuilder, EarlierCancelsCountTowardsTheNewQuantity) {
  auto d = delivery("order.cancelled", R"({"order_erp_id": "4500000001",
      "line_erp_ids": {"L1": "000010"},
      "lines": {"L1": {"ordered_quantity": "5", "cancelled_quantity": "2"}}})");
  auto& item = d.event["data"].as_object()["items"].as_array()[0].as_object();
  item["line_id"] = "L1";
  item["quantity"] = 1;  // a positive whole number, as the host validates it
  EXPECT_EQ(at(build_idoc(d, settings_with()).xml, "//E1EDP01/MENGE"), "2");
  item["quantity"] = 3;
  EXPECT_EQ(at(build_idoc(d, settings_with()).xml, "//E1EDP01/ACTION"), "003");
  item["quantity"] = 4;
  try {
    build_idoc(d, settings_with());
    FAIL() << "cancelling more than is left was accepted";
  } catch (const sdk::ConnectorError& e) {
    EXPECT_EQ(e.result_class, sdk::ResultClass::invalid);
    EXPECT_NE(std::string(e.what()).find("more than the 3"), std::string::npos) << e.what();
  }
}

TEST(IdocBuilder, PartialCancelWithoutTheItemQuantityIsInvalidNotAGuess) {
  try {
    build_idoc(delivery("order.cancelled", kOrderRefs), settings_with());
    FAIL();
  } catch (const sdk::ConnectorError& e) {
    EXPECT_EQ(e.result_class, sdk::ResultClass::invalid);
    EXPECT_NE(std::string(e.what()).find("refs.lines.L2.ordered_quantity"), std::string::npos)
        << e.what();
  }
}

TEST(IdocBuilder, FullCancelReversesTheWholeOrderInTheHeader) {
  auto d = delivery("order.cancelled", kOrderRefs);
  d.event["data"].as_object()["scope"] = "full";
  const Idoc idoc = build_idoc(d, settings_with());
  EXPECT_EQ(at(idoc.xml, "//E1EDK01/ACTION"), "001");  // reverse entire document
  EXPECT_EQ(at(idoc.xml, "//E1EDK02[QUALF='002']/BELNR"), "4500000001");
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
  const Idoc idoc = build_idoc(delivery("order.returned", kLedgerRefs), settings_with());
  const std::string& x = idoc.xml;
  EXPECT_EQ(at(x, "/ORDERS05/IDOC/EDI_DC40/MESTYP"), "ORDERS");
  EXPECT_EQ(at(x, "//E1EDK14[QUALF='012']/ORGID"), "RE");
  EXPECT_EQ(at(x, "//E1EDKA1[PARVW='AG']/PARTN"), "0000100001");
  EXPECT_EQ(at(x, "//E1EDK02[QUALF='002']/BELNR"), "4500000001");
  EXPECT_EQ(at(x, "count(//*[QUALF='043'])"), "0");
  EXPECT_EQ(at(x, "//E1EDK02[QUALF='001']/BELNR"), "RT-1");
  EXPECT_EQ(at(x, "//E1EDP01/POSEX"), "000010");
  EXPECT_EQ(at(x, "//E1EDP01/MENGE"), "1");
  EXPECT_EQ(at(x, "//E1EDP01/NETWR"), "474.00");
  EXPECT_EQ(at(x, "//E1EDP01/E1EDP02[QUALF='002']/BELNR"), "4500000001");
  EXPECT_EQ(at(x, "//E1EDP01/E1EDP02[QUALF='002']/ZEILE"), "000010");
  EXPECT_EQ(at(x, "//E1EDP01/E1EDP19/IDTNR"), "TSHIRT-BLU-M");
  EXPECT_EQ(at(x, "//E1EDP01/E1EDP04/MWSBT"), "50.84");
}

TEST(IdocBuilder, ReturnOrderTypeIsConfigurable) {
  const Idoc idoc = build_idoc(delivery("order.returned", kLedgerRefs),
                               settings_with(R"({"return_order_type": "ZRE"})"));
  EXPECT_EQ(at(idoc.xml, "//E1EDK14[QUALF='012']/ORGID"), "ZRE");
}

TEST(IdocBuilder, ReturnWithoutTheSoldToIsInvalid) {
  try {
    build_idoc(delivery("order.returned", kOrderRefs), settings_with());
    FAIL();
  } catch (const sdk::ConnectorError& e) {
    EXPECT_EQ(e.result_class, sdk::ResultClass::invalid);
    EXPECT_NE(std::string(e.what()).find("refs.customer_erp_id"), std::string::npos) << e.what();
  }
}

TEST(IdocBuilder, LongNameContinuesInName2) {
  auto d = delivery("customer.created");
  d.event["data"].as_object()["addresses"].as_array()[0].as_object()["name"] =
      "Sri Venkateswara Textiles and Garments Private Limited";
  const Idoc idoc = build_idoc(d, settings_with(R"({"overflow": "refuse"})"));
  EXPECT_EQ(at(idoc.xml, "//E1KNA1M/NAME1"), "Sri Venkateswara Textiles and");
  EXPECT_EQ(at(idoc.xml, "//E1KNA1M/NAME2"), "Garments Private Limited");
}

TEST(IdocBuilder, NameLongerThanTwoLinesIsTruncatedByDefault) {
  auto d = delivery("customer.created");
  d.event["data"].as_object()["addresses"].as_array()[0].as_object()["name"] = std::string(80, 'N');
  const Idoc idoc = build_idoc(d, settings_with());
  EXPECT_EQ(at(idoc.xml, "//E1KNA1M/NAME1"), std::string(35, 'N'));
  EXPECT_EQ(at(idoc.xml, "//E1KNA1M/NAME2"), std::string(35, 'N'));
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

// A malformed placed_at never reaches the adapter: core/events refuses it (EventParsing tests).
TEST(IdocBuilder, DocumentDateIsTheOrdersLocalDateNotTheUtcOne) {
  auto d = delivery("order.created", R"({"customer_erp_id": "1"})");
  d.event["data"].as_object()["placed_at"] = "2026-11-20T23:30:00-05:00";  // 21 Nov in UTC
  const std::string x = build_idoc(d, settings_with()).xml;
  EXPECT_EQ(at(x, "//E1EDK03[IDDAT='012']/DATUM"), "20261120");
  EXPECT_EQ(at(x, "//E1EDK02[QUALF='001']/DATUM"), "20261120");
}

TEST(IdocBuilder, MarkupInValuesIsEscaped) {
  auto d = delivery("customer.created");
  d.event["data"].as_object()["addresses"].as_array()[0].as_object()["name"] = "A & B <Ltd>";
  const Idoc idoc = build_idoc(d, settings_with());
  EXPECT_EQ(at(idoc.xml, "//E1KNA1M/NAME1"), "A & B <Ltd>");
}

}  // namespace
}  // namespace erpbridge::sap_xml
