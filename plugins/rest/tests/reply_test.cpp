// Reading ERP replies: ids by JSON pointer and XPath, line ids, and the XML table view.
#include <gtest/gtest.h>

#include "reply_document.hpp"
#include "rest_test_support.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

ReplyDocument json_reply(std::string_view body) {
  auto document = ReplyDocument::parse(Format::json, body);
  EXPECT_TRUE(document) << document.error();
  return *document;
}

ReplyDocument xml_reply(std::string_view body, const XmlNamespaces* namespaces = nullptr) {
  auto document = ReplyDocument::parse(Format::xml, body, namespaces);
  EXPECT_TRUE(document) << document.error();
  return *document;
}

TEST(JsonReply, IdByPointer) {
  auto reply = json_reply(R"({"status":"success","customerId":"C000001",
                              "data":[{"id":12345}],"blank":"","none":null,"obj":{}})");
  EXPECT_EQ(reply.text_at("/customerId"), "C000001");
  EXPECT_EQ(reply.text_at("/data/0/id"), "12345");
  EXPECT_EQ(reply.text_at("/missing"), std::nullopt);
  EXPECT_EQ(reply.text_at("/blank"), std::nullopt);
  EXPECT_EQ(reply.text_at("/none"), std::nullopt);
  EXPECT_EQ(reply.text_at("/obj"), std::nullopt);
}

TEST(JsonReply, LineIds) {
  auto reply = json_reply(R"({"orderId":"SO000001","lines":[{"lineRef":"L1","lineId":"SO000001-1"},
                              {"lineRef":"L2","lineId":"SO000001-2"},{"lineRef":"L3"}]})");
  auto ids = reply.line_ids({"/lines", "/lineRef", "/lineId"});
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], (std::pair<std::string, std::string>{"L1", "SO000001-1"}));
  EXPECT_EQ(ids[1], (std::pair<std::string, std::string>{"L2", "SO000001-2"}));
}

TEST(JsonReply, MalformedJsonIsAFailure) {
  auto document = ReplyDocument::parse(Format::json, R"({"status":"succ)");
  ASSERT_FALSE(document);
  EXPECT_EQ(document.error().rfind("reply is not valid JSON: ", 0), 0u);
}

constexpr const char* kOrderXml =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<response>
  <status>success</status>
  <orderId> SO000001 </orderId>
  <lines>
    <line><lineRef>L1</lineRef><lineId>SO000001-1</lineId></line>
    <line><lineRef>L2</lineRef><lineId>SO000001-2</lineId></line>
  </lines>
  <total currency="INR">1307.00</total>
</response>)";

TEST(XmlReply, IdByXPath) {
  auto reply = xml_reply(kOrderXml);
  EXPECT_EQ(reply.text_at("/response/orderId"), "SO000001");
  EXPECT_EQ(reply.text_at("/response/total/@currency"), "INR");
  EXPECT_EQ(reply.text_at("string(/response/status)"), "success");
  EXPECT_EQ(reply.text_at("count(/response/lines/line)"), "2");
  EXPECT_EQ(reply.text_at("/response/customerId"), std::nullopt);
}

TEST(XmlReply, LineIdsRelativeToEachNode) {
  auto ids = xml_reply(kOrderXml).line_ids({"/response/lines/line", "lineRef", "lineId"});
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[1], (std::pair<std::string, std::string>{"L2", "SO000001-2"}));
}

TEST(XmlReply, TableViewMirrorsTheTree) {
  EXPECT_EQ(boost::json::serialize(xml_reply(kOrderXml).view()),
            R"({"status":"success","orderId":"SO000001","lines":{"line":[)"
            R"({"lineRef":"L1","lineId":"SO000001-1"},{"lineRef":"L2","lineId":"SO000001-2"}]},)"
            R"("total":{"_attr":{"currency":"INR"},"_text":"1307.00"}})");
}

TEST(XmlReply, NamespacesCanBeRegistered) {
  XmlNamespaces namespaces{{"e", "urn:erp"}};
  auto reply = xml_reply(R"(<r xmlns="urn:erp"><id>7</id></r>)", &namespaces);
  EXPECT_EQ(reply.text_at("/e:r/e:id"), "7");
  EXPECT_EQ(reply.text_at("/r/id"), std::nullopt);
}

TEST(XmlReply, DoctypeAndMalformedRepliesAreRefused) {
  auto doctype =
      ReplyDocument::parse(Format::xml, R"(<!DOCTYPE r [<!ENTITY a "aaaa">]><r><id>&a;</id></r>)");
  ASSERT_FALSE(doctype);
  EXPECT_EQ(doctype.error(), "reply is not usable XML: a DOCTYPE is not accepted");
  auto external = ReplyDocument::parse(Format::xml,
                                       R"(<!DOCTYPE r SYSTEM "http://example.invalid/x.dtd"><r/>)");
  EXPECT_FALSE(external);
  auto broken = ReplyDocument::parse(Format::xml, "<response><status>succ");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().rfind("reply is not usable XML: ", 0), 0u) << broken.error();
}

}  // namespace
}  // namespace erpbridge::rest
