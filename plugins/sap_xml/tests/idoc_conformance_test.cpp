// Every document the adapter builds, for the four samples and the edge cases of issue 15,
// validated with libxml2 (xmlSchemaValidateDoc) against the XSDs written from SAP's segment
// definitions (tests/peers/sap_erp/xsd), as sent: plain, and inside SOAP 1.1 and 1.2 envelopes.
#include <gtest/gtest.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "idoc_builder.hpp"
#include "soap_envelope.hpp"
#include "test_helpers.hpp"

namespace erpbridge::sap_xml {
namespace {

using testing::at;
using testing::delivery;
using testing::settings_with;

// A tenant with everything SAP needs for a sales-area customer.
constexpr const char* kTenant = R"({"language": "EN", "language_key": "E",
    "sales_area": {"sales_organization": "1000", "distribution_channel": "10", "division": "00",
                   "customer_group": "01", "currency": "INR", "pricing_procedure": "1",
                   "shipping_conditions": "01", "account_assignment_group": "01",
                   "payment_terms": "0001"},
    "company_code": {"code": "1000", "reconciliation_account": "140000", "payment_terms": "0001"},
    "messages": {"customer.created": {"idoctyp": "DEBMAS07"}}})";
constexpr const char* kLedgerRefs = R"({"customer_erp_id": "100001",
    "order_erp_id": "4500000001", "line_erp_ids": {"L1": "000010", "L2": "000020"},
    "lines": {"L1": {"ordered_quantity": 2, "cancelled_quantity": 0},
              "L2": {"ordered_quantity": 1, "cancelled_quantity": 0}}})";
constexpr const char* kCustomerRefs = R"({"customer_erp_id": "100001"})";

const std::string kLongName = "Sri Venkateswara Textiles and Garments Private Limited, Unit 2";
// 58 characters: NAME1 and NAME2, each within 35.
const std::string kGermanName =
    "J\u00fcrgen M\u00fcller-L\u00fcdenscheidt Gro\u00dfhandel f\u00fcr B\u00fcrobedarf GmbH";
const std::string kDevanagariName = "\u0906\u0936\u093e \u0930\u093e\u0935";

boost::json::object& data_of(sdk::Delivery& d) {
  return d.event["data"].as_object();
}
boost::json::object& first_address(sdk::Delivery& d) {
  return data_of(d)["addresses"].as_array()[0].as_object();
}

struct Case {
  std::string name;
  std::string sample;
  const char* refs;
  std::string extra_settings;  // merged over kTenant
  std::function<void(sdk::Delivery&)> change;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"CustomerSample", "customer.created", "{}", "", nullptr},
      {"CustomerAsDebmas06", "customer.created", "{}",
       R"({"messages": {"customer.created": {"idoctyp": "DEBMAS06"}}})", nullptr},
      {"CustomerWithVatNumber", "customer.created", "{}", "",
       [](sdk::Delivery& d) { data_of(d)["gstin"] = "27AAPFU0939F1ZV"; }},
      {"CustomerWithZipPlus4", "customer.created", "{}", R"({"overflow": "refuse"})",
       [](sdk::Delivery& d) {
         first_address(d)["country"] = "US";
         first_address(d)["state"] = "CA";
         first_address(d)["pincode"] = "94105-1234";
       }},
      {"CustomerWithLongNameAndCity", "customer.created", "{}", "",
       [](sdk::Delivery& d) {
         first_address(d)["name"] = kLongName + kLongName;
         first_address(d)["city"] = std::string(50, 'C');
         first_address(d)["line2"] = std::string(40, 'L');
       }},
      {"CustomerWithNonAsciiName", "customer.created", "{}", R"({"overflow": "refuse"})",
       [](sdk::Delivery& d) {
         first_address(d)["name"] = kGermanName;
         first_address(d)["city"] = kDevanagariName;
       }},
      {"OrderSample", "order.created", kCustomerRefs, "", nullptr},
      {"OrderShippedToZipPlus4", "order.created", kCustomerRefs, R"({"overflow": "refuse"})",
       [](sdk::Delivery& d) {
         auto& ship = data_of(d)["shipping_address"].as_object();
         ship["country"] = "US";
         ship["pincode"] = "94105-1234";
       }},
      {"OrderWithLongAndNonAsciiNames", "order.created", kCustomerRefs, "",
       [](sdk::Delivery& d) {
         data_of(d)["shipping_address"].as_object()["name"] = kGermanName + " " + kLongName;
         data_of(d)["billing_address"].as_object()["name"] = kDevanagariName;
         data_of(d)["items"].as_array()[0].as_object()["name"] = kLongName + kLongName;
       }},
      {"OrderWithSapAndCustomerMaterial", "order.created", kCustomerRefs,
       R"({"material_number": "both"})", nullptr},
      {"CancelSampleWholeItem", "order.cancelled", kLedgerRefs, "", nullptr},
      {"CancelOneUnitOfTwo", "order.cancelled", kLedgerRefs, "",
       [](sdk::Delivery& d) {
         auto& item = data_of(d)["items"].as_array()[0].as_object();
         item["line_id"] = "L1";
         item["quantity"] = 1;
       }},
      {"CancelWholeOrder", "order.cancelled", kLedgerRefs, "",
       [](sdk::Delivery& d) { data_of(d)["scope"] = "full"; }},
      {"ReturnOneOfTwoLines", "order.returned", kLedgerRefs, "", nullptr},
  };
  return all;
}

// One XSD, compiled once.
class Xsd {
 public:
  explicit Xsd(const std::string& path) {
    std::unique_ptr<xmlSchemaParserCtxt, decltype(&xmlSchemaFreeParserCtxt)> parser(
        xmlSchemaNewParserCtxt(path.c_str()), xmlSchemaFreeParserCtxt);
    schema_ = xmlSchemaParse(parser.get());
    if (!schema_) throw std::runtime_error("cannot compile " + path);
  }
  ~Xsd() { xmlSchemaFree(schema_); }
  // libxml2's messages; empty when `doc` is valid.
  std::vector<std::string> violations(xmlDocPtr doc) const {
    std::vector<std::string> out;
    std::unique_ptr<xmlSchemaValidCtxt, decltype(&xmlSchemaFreeValidCtxt)> context(
        xmlSchemaNewValidCtxt(schema_), xmlSchemaFreeValidCtxt);
    xmlSchemaSetValidStructuredErrors(
        context.get(),
        [](void* sink, xmlErrorPtr e) {
          static_cast<std::vector<std::string>*>(sink)->push_back(e->message ? e->message : "?");
        },
        &out);
    if (xmlSchemaValidateDoc(context.get(), doc) != 0 && out.empty()) out.push_back("invalid");
    return out;
  }

 private:
  xmlSchemaPtr schema_ = nullptr;
};

const Xsd& xsd_for(const std::string& idoctyp, const std::string& mestyp) {
  static const Xsd debmas06(std::string(SAP_ERP_XSD_DIR) + "/DEBMAS06.xsd");
  static const Xsd debmas07(std::string(SAP_ERP_XSD_DIR) + "/DEBMAS07.xsd");
  static const Xsd orders(std::string(SAP_ERP_XSD_DIR) + "/ORDERS05.xsd");
  static const Xsd ordchg(std::string(SAP_ERP_XSD_DIR) + "/ORDCHG.xsd");
  if (idoctyp == "DEBMAS06") return debmas06;
  if (idoctyp == "DEBMAS07") return debmas07;
  return mestyp == "ORDCHG" ? ordchg : orders;
}

using Doc = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

Doc parse(const std::string& text) {
  return Doc(
      xmlReadMemory(text.data(), static_cast<int>(text.size()), nullptr, "UTF-8", XML_PARSE_NONET),
      xmlFreeDoc);
}

xmlNodePtr first_element(xmlNodePtr node) {
  for (xmlNodePtr n = node ? node->children : nullptr; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE) return n;
  return nullptr;
}

// The IDoc as the receiver sees it: the body itself, or the SOAP Body's element, copied into a
// document of its own so that the IDoc's root is validated, not the envelope.
Doc idoc_on_the_wire(const std::string& body, Envelope envelope) {
  Doc wire = parse(body);
  if (!wire || envelope == Envelope::plain) return wire;
  xmlNodePtr root = xmlDocGetRootElement(wire.get());
  xmlNodePtr soap_body = nullptr;
  for (xmlNodePtr n = first_element(root); n; n = n->next)
    if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "Body")) soap_body = n;
  xmlNodePtr idoc = first_element(soap_body);
  if (!idoc) return Doc(nullptr, xmlFreeDoc);
  Doc out(xmlNewDoc(BAD_CAST "1.0"), xmlFreeDoc);
  xmlDocSetRootElement(out.get(), xmlDocCopyNode(idoc, out.get(), 1));
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l;
  return out;
}

Settings tenant(const std::string& extra) {
  auto s = testing::minimal_settings();
  for (const char* layer : {kTenant, extra.empty() ? "{}" : extra.c_str()}) {
    const boost::json::value v = boost::json::parse(layer);
    for (const auto& [k, value] : v.as_object()) s[k] = value;
  }
  return parse_settings(s);
}

class IdocConformance : public ::testing::TestWithParam<std::tuple<std::size_t, Envelope>> {};

TEST_P(IdocConformance, DocumentValidatesAgainstSapsSegmentDefinitions) {
  const Case& c = cases()[std::get<0>(GetParam())];
  const Envelope envelope = std::get<1>(GetParam());
  sdk::Delivery d = delivery(c.sample, c.refs);
  if (c.change) c.change(d);
  const Settings settings = tenant(c.extra_settings);
  const Idoc idoc = build_idoc(d, settings);
  const WireMessage message =
      wrap(idoc.xml, envelope, "urn:sap-com:document:sap:idoc:soap:messages");
  Doc doc = idoc_on_the_wire(message.body, envelope);
  ASSERT_TRUE(doc) << message.body;
  const std::string idoctyp = at(idoc.xml, "//EDI_DC40/IDOCTYP");
  const std::string mestyp = at(idoc.xml, "//EDI_DC40/MESTYP");
  EXPECT_STREQ(reinterpret_cast<const char*>(xmlDocGetRootElement(doc.get())->name),
               idoctyp.c_str());
  const auto violations = xsd_for(idoctyp, mestyp).violations(doc.get());
  EXPECT_TRUE(violations.empty()) << joined(violations) << "\n" << idoc.xml;
}

INSTANTIATE_TEST_SUITE_P(SamplesAndEdgeCases, IdocConformance,
                         ::testing::Combine(::testing::Range<std::size_t>(0, cases().size()),
                                            ::testing::Values(Envelope::plain, Envelope::soap11,
                                                              Envelope::soap12)),
                         [](const ::testing::TestParamInfo<IdocConformance::ParamType>& info) {
                           const Envelope e = std::get<1>(info.param);
                           return cases()[std::get<0>(info.param)].name +
                                  (e == Envelope::plain    ? "Plain"
                                   : e == Envelope::soap11 ? "Soap11"
                                                           : "Soap12");
                         });

// The validation above can fail: the documents the adapter used to send are refused.
TEST(IdocConformanceCheck, OldDocumentsAreRefusedByTheSchemas) {
  const Idoc customer = build_idoc(delivery("customer.created"), tenant(""));
  std::string with_email = customer.xml;
  with_email.replace(with_email.find("</SPRAS_ISO>"), 12,
                     "</SPRAS_ISO><SMTP_ADDR>asha.rao@example.com</SMTP_ADDR>");
  EXPECT_FALSE(xsd_for("DEBMAS07", "DEBMAS").violations(parse(with_email).get()).empty());

  auto o = delivery("order.created", kCustomerRefs);
  auto& ship = data_of(o)["shipping_address"].as_object();
  ship["country"] = "US";
  ship["pincode"] = "94105-1234";
  std::string order = build_idoc(o, tenant("")).xml;
  ASSERT_NE(order.find("<PSTLZ>94105</PSTLZ>"), std::string::npos);
  EXPECT_TRUE(xsd_for("ORDERS05", "ORDERS").violations(parse(order).get()).empty());
  order.replace(order.find("<PSTLZ>94105</PSTLZ>"), 20, "<PSTLZ>94105-1234</PSTLZ>");
  EXPECT_FALSE(xsd_for("ORDERS05", "ORDERS").violations(parse(order).get()).empty());

  // A change document is not an ORDERS message, and the other way round.
  const Idoc cancel = build_idoc(delivery("order.cancelled", kLedgerRefs), tenant(""));
  EXPECT_FALSE(xsd_for("ORDERS05", "ORDERS").violations(parse(cancel.xml).get()).empty());
  EXPECT_TRUE(xsd_for("ORDERS05", "ORDCHG").violations(parse(cancel.xml).get()).empty());
}

TEST(IdocConformanceCheck, NonAsciiNamesArriveIntact) {
  auto d = delivery("customer.created");
  first_address(d)["name"] = kGermanName;
  first_address(d)["city"] = kDevanagariName;
  const std::string x = build_idoc(d, tenant("")).xml;
  EXPECT_EQ(at(x, "//E1KNA1M/NAME1") + " " + at(x, "//E1KNA1M/NAME2"), kGermanName);
  EXPECT_EQ(at(x, "//E1KNA1M/ORT01"), kDevanagariName);
}

}  // namespace
}  // namespace erpbridge::sap_xml
