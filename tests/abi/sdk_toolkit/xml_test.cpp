// The SDK's libxml2 wrapper and XML writing helpers.
#include <erpbridge/xml.hpp>
#include <erpbridge/xml_text.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace erpbridge::sdk {
namespace {

TEST(Xml, ADocumentWithADoctypeIsRefusedSoNoEntityIsExpanded) {
  const auto parsed = XmlDocument::parse(
      R"(<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>)");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error(), "a DOCTYPE is not accepted");
}

TEST(Xml, MalformedTextSaysWhy) {
  const auto parsed = XmlDocument::parse("<r><a></r>");
  ASSERT_FALSE(parsed);
  EXPECT_FALSE(parsed.error().empty());
}

TEST(Xml, XPathUsesTheCallersNamespacePrefixes) {
  const auto doc = XmlDocument::parse(
      R"(<o:reply xmlns:o="urn:erp"><o:id> SO-9 </o:id><o:line n="L1"><o:pos>10</o:pos></o:line>)"
      R"(<o:line n="L2"><o:pos>20</o:pos></o:line></o:reply>)");
  ASSERT_TRUE(doc) << doc.error();
  const XmlNamespaces ns{{"e", "urn:erp"}};
  EXPECT_EQ(doc->text_at("/e:reply/e:id", ns), "SO-9");
  EXPECT_EQ(doc->text_at("/e:reply/e:missing", ns), std::nullopt);
  EXPECT_EQ(doc->root_name(), "reply");
  EXPECT_EQ(doc->root_namespace(), "urn:erp");
  const auto lines = doc->records_at("/e:reply/e:line", {"@n", "e:pos"}, ns);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], (std::vector<std::string>{"L2", "20"}));
}

TEST(Xml, JsonViewGroupsRepeatedChildren) {
  const auto doc = XmlDocument::parse(R"(<r a="1"><i>x</i><i>y</i><n>5</n></r>)");
  ASSERT_TRUE(doc);
  EXPECT_EQ(boost::json::serialize(doc->json_view()),
            R"({"_attr":{"a":"1"},"i":["x","y"],"n":"5"})");
}

TEST(Xml, SchemaValidationNamesTheElementAtFault) {
  const auto xsd = std::filesystem::temp_directory_path() / "erpbridge_sdk_xml_test.xsd";
  std::ofstream(xsd) << R"(<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
    <xs:element name="r"><xs:complexType><xs:sequence>
      <xs:element name="qty" type="xs:positiveInteger"/>
    </xs:sequence></xs:complexType></xs:element></xs:schema>)";
  const XmlSchema schema(xsd.string());
  EXPECT_EQ(schema.validate(*XmlDocument::parse("<r><qty>2</qty></r>")), std::nullopt);
  const auto violation = schema.validate(*XmlDocument::parse("<r><qty>-2</qty></r>"));
  ASSERT_TRUE(violation);
  EXPECT_EQ(violation->element, "qty");
  std::filesystem::remove(xsd);
}

TEST(Xml, ABrokenXPathIsReportedForSettingsValidation) {
  EXPECT_EQ(xpath_syntax_error("/a/b"), std::nullopt);
  EXPECT_TRUE(xpath_syntax_error("/a/[b"));
}

TEST(XmlText, EscapesByPlaceAndDropsOrRefusesControlCharacters) {
  EXPECT_EQ(xml_escape("a<b & \"c\"\n"), "a&lt;b &amp; \"c\"\n");
  EXPECT_EQ(xml_escape("a<b & \"c\"\n", XmlPlace::attribute), "a&lt;b &amp; &quot;c&quot;&#10;");
  EXPECT_EQ(xml_escape(std::string("x\x01y")), "xy");
  std::string out;
  EXPECT_FALSE(append_xml_escaped(out, "x\x01y", XmlPlace::content, XmlControl::refuse));
}

TEST(XmlText, BuilderNestsAndEscapes) {
  XmlBuilder b;
  b.open("ORDERS05").open("E1EDK01", "SEGMENT", "1").leaf("BELNR", "A&B").close().close();
  EXPECT_EQ(b.finish(),
            R"(<ORDERS05><E1EDK01 SEGMENT="1"><BELNR>A&amp;B</BELNR></E1EDK01></ORDERS05>)");
  XmlBuilder open;
  open.open("a");
  EXPECT_THROW(open.finish(), std::logic_error);
}

}  // namespace
}  // namespace erpbridge::sdk
