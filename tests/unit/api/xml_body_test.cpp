#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/xml_body.hpp"
#include "events/event.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::api {
namespace {

namespace json = boost::json;
using testing::sample;

json::object sample_data(const std::string& name) {
  return json::parse(sample(name)).at("data").as_object();
}

json::object parse_ok(const std::string& xml) {
  std::string error;
  auto data = xml_to_json(xml, error);
  EXPECT_TRUE(data) << error;
  return data.value_or(json::object());
}

std::string parse_error(const std::string& xml) {
  std::string error;
  EXPECT_FALSE(xml_to_json(xml, error));
  return error;
}

class SampleAsXml : public ::testing::TestWithParam<const char*> {};

// Every sample's data, written as XML by the documented convention, reads back as the same
// JSON, types included (integers, booleans, nulls, lists of one).
TEST_P(SampleAsXml, ReadsBackAsTheSameData) {
  const json::object data = sample_data(GetParam());
  const std::string xml = json_to_xml("data", data);
  EXPECT_EQ(json::value(parse_ok(xml)), json::value(data)) << xml;
}

INSTANTIATE_TEST_SUITE_P(Samples, SampleAsXml,
                         ::testing::Values("customer.created", "order.created", "order.cancelled",
                                           "order.returned"));

TEST(XmlBody, AHandWrittenOrderIsAValidEvent) {
  const std::string xml = R"(<?xml version="1.0"?>
<order xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <order_id>ORD-7</order_id>
  <customer><customer_id>cu_1</customer_id></customer>
  <placed_at>2026-11-20T10:31:10+05:30</placed_at>
  <currency>INR</currency>
  <prices_include_tax>true</prices_include_tax>
  <coupon xsi:nil="true"/>
  <items>
    <item>
      <line_id>L1</line_id><sku>MUG</sku><quantity> 2 </quantity>
      <unit_price>10.00</unit_price><line_total>20.00</line_total>
      <tax><rate>18</rate><lines><line><type>IGST</type><amount>3.05</amount></line></lines></tax>
    </item>
  </items>
  <totals><grand_total>20.00</grand_total></totals>
</order>)";
  json::object data = parse_ok(xml);
  EXPECT_EQ(data.at("items").as_array().at(0).at("quantity"), json::value(2));
  EXPECT_EQ(data.at("prices_include_tax"), json::value(true));
  EXPECT_TRUE(data.at("coupon").is_null());
  EXPECT_TRUE(data.at("items").at(0).at("tax").at("lines").is_array());
  events::ValidationError error;
  EXPECT_TRUE(events::event_from_data(events::EventType::order_created, "order.created:ORD-7",
                                      "p8f3a21", "2026-11-20T10:31:12Z", data, error))
      << error.path << " " << error.message;
}

TEST(XmlBody, EmptyElementsAreNullAndTextIsKept) {
  json::object data = parse_ok(
      "<customer><gstin/><last_name></last_name><note> a b </note>"
      "<![CDATA[]]><city><![CDATA[Pune & Co]]></city></customer>");
  EXPECT_TRUE(data.at("gstin").is_null());
  EXPECT_TRUE(data.at("last_name").is_null());
  EXPECT_EQ(data.at("note").as_string(), " a b ");
  EXPECT_EQ(data.at("city").as_string(), "Pune & Co");
}

TEST(XmlBody, ANonNumericQuantityStaysTextForValidationToReport) {
  json::object data = parse_ok("<d><items><item><quantity>two</quantity></item></items></d>");
  EXPECT_EQ(data.at("items").at(0).at("quantity").as_string(), "two");
}

TEST(XmlBody, DoctypeAndEntitiesAreRefusedBeforeParsing) {
  EXPECT_NE(
      parse_error(R"(<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "boom">]><d><a>&x;</a></d>)")
          .find("DOCTYPE"),
      std::string::npos);
  EXPECT_NE(parse_error(R"(<!doctype d SYSTEM "file:///etc/passwd"><d/>)").find("DOCTYPE"),
            std::string::npos);
}

TEST(XmlBody, MalformedXmlNamesTheLine) {
  const std::string error = parse_error("<order>\n<order_id>1</order_id>\n<oops></order>");
  EXPECT_EQ(error.rfind("malformed XML at line 3", 0), 0u) << error;
  EXPECT_FALSE(parse_error("not xml at all").empty());
}

TEST(XmlBody, UndefinedEntitiesAreMalformed) {
  EXPECT_NE(parse_error("<d><a>&nope;</a></d>").find("malformed XML"), std::string::npos);
}

TEST(XmlBody, ARepeatedElementOutsideAListIsAnError) {
  EXPECT_NE(parse_error("<order><item><sku>A</sku></item><item><sku>B</sku></item></order>")
                .find("appears twice"),
            std::string::npos);
}

TEST(XmlBody, MixedTextAndElementsIsAnError) {
  EXPECT_NE(parse_error("<order>text<order_id>1</order_id></order>").find("mixes"),
            std::string::npos);
}

TEST(XmlBody, TheRootMustHoldFields) {
  EXPECT_NE(parse_error("<order>just text</order>").find("child elements"), std::string::npos);
}

TEST(XmlBody, RepliesAreEscapedAndWellFormed) {
  const std::string xml =
      json_to_xml("response", json::object{{"status", "success"}, {"orderId", "SO<1>&\"2\""}});
  // The SDK's escaper (xml_text.hpp): a quote needs no escaping in element content (XML 1.0,
  // section 2.4), so it stays as it is.
  EXPECT_NE(xml.find("<response><status>success</status><orderId>SO&lt;1&gt;&amp;\"2\""
                     "</orderId></response>"),
            std::string::npos)
      << xml;
  EXPECT_EQ(parse_ok(xml).at("orderId").as_string(), "SO<1>&\"2\"");
}

TEST(XmlBody, ControlCharactersInARepliedValueAreDroppedSoTheReplyStaysWellFormed) {
  const std::string xml = json_to_xml("response", json::object{{"message", "bad\x01value"}});
  EXPECT_EQ(parse_ok(xml).at("message").as_string(), "badvalue") << xml;
}

}  // namespace
}  // namespace erpbridge::api
