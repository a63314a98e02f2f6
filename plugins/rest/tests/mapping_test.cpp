// Request bodies from the sample events: JSON and XML output, exactly.
#include <gtest/gtest.h>

#include "rest_test_support.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

// One order mapping that uses every kind of expression the design asks for: nested objects,
// arrays from lines, constants, renames, formatting, decimal arithmetic, sums, conditionals,
// defaults and id-map references.
constexpr const char* kOrderBody = R"lua(
local lines = map(data.items, function(item, i)
  local gross = dec(item.unit_price) * item.quantity
  return {
    _order = {"no", "sku", "qty", "price", "net"},
    no = i,
    sku = item.sku,
    qty = item.quantity,
    price = money(item.unit_price),
    net = money(gross - dec(item.discount)),
    tax = number(item.tax.amount),
    note = item.discount ~= "0.00" and fmt("discount %s", item.discount) or nil,
  }
end)
return {
  order = {
    source = "commerceup",
    ref = data.order_id,
    customer = refs.customer_erp_id,
    placed = date(data.placed_at, "%d/%m/%Y"),
    cod = data.payment.method == "cod",
    channel = default(data.channel, "web"),
    ship = { city = upper(data.shipping_address.city), pin = data.shipping_address.pincode },
    lines = lines,
    net_total = money(sum(data.items, function(item)
      return dec(item.unit_price) * item.quantity - dec(item.discount)
    end)),
    grand_total = money(sum(data.items, function(item) return item.line_total end) + dec(data.shipping.amount)),
    tags = json.array(),
  },
}
)lua";

boost::json::object order_settings(const char* format) {
  boost::json::object event;
  event["path"] = "/orders";
  event["body"] = kOrderBody;
  event["id"] = std::string(format) == "xml" ? "/r/id" : "/id";
  boost::json::object settings;
  settings["format"] = format;
  settings["events"] = boost::json::object{{"order.created", event}};
  return settings;
}

std::string body_for(const boost::json::object& settings, const sdk::Delivery& delivery) {
  RestAdapter adapter(settings);
  ScriptedErp erp(reply(200, "{}"));
  adapter.deliver(delivery, erp.sender());
  EXPECT_EQ(erp.requests.size(), 1u);
  return erp.requests.empty() ? "" : erp.requests[0].body;
}

TEST(Mapping, SampleOrderBecomesExactJson) {
  std::string body = body_for(order_settings("json"), delivery("order.created", sample_refs()));
  EXPECT_EQ(body,
            R"({"order":{"channel":"web","cod":false,"customer":"C000001",)"
            R"("grand_total":"1307.00","lines":[)"
            R"({"no":1,"sku":"TSHIRT-BLU-M","qty":2,"price":"499.00","net":"948.00",)"
            R"("note":"discount 50.00","tax":101.68},)"
            R"({"no":2,"sku":"MUG-CER-350","qty":1,"price":"299.00","net":"299.00","tax":45.61}],)"
            R"("net_total":"1247.00","placed":"20/11/2026","ref":"ORD-5001",)"
            R"("ship":{"city":"PUNE","pin":"411001"},"source":"commerceup","tags":[]}})");
}

TEST(Mapping, SampleOrderBecomesExactXml) {
  std::string body = body_for(order_settings("xml"), delivery("order.created", sample_refs()));
  EXPECT_EQ(body,
            R"(<?xml version="1.0" encoding="UTF-8"?><order><channel>web</channel><cod>false</cod>)"
            R"(<customer>C000001</customer><grand_total>1307.00</grand_total><lines>)"
            R"(<line><no>1</no><sku>TSHIRT-BLU-M</sku><qty>2</qty><price>499.00</price>)"
            R"(<net>948.00</net><note>discount 50.00</note><tax>101.68</tax></line>)"
            R"(<line><no>2</no><sku>MUG-CER-350</sku><qty>1</qty><price>299.00</price>)"
            R"(<net>299.00</net><tax>45.61</tax></line></lines><net_total>1247.00</net_total>)"
            R"(<placed>20/11/2026</placed><ref>ORD-5001</ref><ship><city>PUNE</city>)"
            R"(<pin>411001</pin></ship><source>commerceup</source><tags/></order>)");
}

// Settings with one event whose body is `body`, in `format`.
boost::json::object one_event(const std::string& type, const std::string& body,
                              const std::string& format = "json",
                              const std::string& xml_root = "") {
  boost::json::object event{{"path", "/x"}, {"body", body}};
  if (type == "customer.created" || type == "order.created") event["id"] = "/id";
  if (!xml_root.empty()) event["xml_root"] = xml_root;
  return {{"format", format}, {"events", boost::json::object{{type, event}}}};
}

std::string map_event(const std::string& type, const std::string& body,
                      const std::string& format = "json", const std::string& xml_root = "") {
  return body_for(one_event(type, body, format, xml_root), delivery(type, sample_refs()));
}

TEST(Mapping, CustomerNullsDefaultsAndEmptyLists) {
  EXPECT_EQ(map_event("customer.created", R"(return {
      gstin = default(data.gstin, json.null),
      missing = data.gstin,
      nick = default(data.nickname, "none"),
      notes = map(data.notes or {}, function(n) return n end),
      empty = {},
      addresses = map(data.addresses, function(a) return a.city end),
    })"),
            R"({"addresses":["Pune"],"empty":{},"gstin":null,"nick":"none","notes":[]})");
}

TEST(Mapping, BodyMayBeAPlainExpression) {
  EXPECT_EQ(map_event("order.cancelled", "{ id = refs.order_erp_id, n = #data.items }"),
            R"({"id":"SO000001","n":1})");
}

TEST(Mapping, CancelLinesUseTheIdMap) {
  EXPECT_EQ(map_event("order.cancelled", R"(
      local c = { orderId = refs.order_erp_id, reference = data.cancellation_id }
      if data.scope ~= "full" then
        c.lines = map(data.items, function(it)
          return { lineId = refs.line_erp_ids[it.line_id], quantity = it.quantity }
        end)
      end
      return { cancel = c })"),
            R"({"cancel":{"lines":[{"lineId":"SO000001-2","quantity":1}],"orderId":"SO000001",)"
            R"("reference":"CX-1"}})");
}

TEST(Mapping, ReturnRootNeedsBracketsBecauseReturnIsAKeyword) {
  EXPECT_EQ(
      map_event("order.returned", R"(return { ["return"] = { reference = data.return_id } })",
                "xml"),
      R"(<?xml version="1.0" encoding="UTF-8"?><return><reference>RT-1</reference></return>)");
}

TEST(Mapping, JsonNumbersStringsAndFloats) {
  EXPECT_EQ(
      map_event("order.cancelled", R"(return {
      i = 7, f = 0.1, big = 2^53, whole_float = 3.0, neg = -0.5,
      d = dec("1.10") + 2, n = number("12.50"), n2 = number(dec(3) / 4),
      s = "quote \" back \\ nl \n tab \t ctl \1 é",
      t = true,
    })"),
      R"({"big":9007199254740992,"d":"3.10","f":0.1,"i":7,"n":12.50,"n2":0.7500000000,)"
      R"("neg":-0.5,"s":"quote \" back \\ nl \n tab \t ctl \u0001 é","t":true,"whole_float":3})");
}

TEST(Mapping, ExplicitKeyOrderInJson) {
  EXPECT_EQ(map_event("order.cancelled", R"(return { _order = {"z", "a"}, a = 1, z = 2, m = 3 })"),
            R"({"z":2,"a":1,"m":3})");
}

TEST(Mapping, StringBodyIsSentAsItIs) {
  EXPECT_EQ(map_event("order.cancelled", R"(return "<raw " .. data.order_id .. ">")", "xml"),
            "<raw ORD-5001>");
}

TEST(Mapping, XmlAttributesTextOrderRepeatsAndEscaping) {
  EXPECT_EQ(
      map_event("order.cancelled", R"(return {
      _order = {"total", "item"},
      _attr = { version = 2, note = 'a "q" & <b>' },
      item = { "x", "y" },
      total = { _attr = { currency = "INR" }, _text = dec("299.00") },
      text = "a < b && c > d",
      empty = json.null,
      lines = {},
    })",
                "xml", "cancel"),
      R"(<?xml version="1.0" encoding="UTF-8"?><cancel note="a &quot;q&quot; &amp; &lt;b&gt;" )"
      R"(version="2"><total currency="INR">299.00</total><item>x</item><item>y</item>)"
      R"(<empty/><lines/><text>a &lt; b &amp;&amp; c &gt; d</text></cancel>)");
}

TEST(Mapping, EventDataInsideXmlBodies) {
  EXPECT_EQ(
      map_event("order.cancelled",
                "return { cancel = { refund = data.refund, items = { data.items[1] } } }", "xml"),
      R"(<?xml version="1.0" encoding="UTF-8"?><cancel><items><item><amount>299.00</amount>)"
      "<line_id>L2</line_id><quantity>1</quantity><restock>true</restock>"
      "<sku>MUG-CER-350</sku><tax_amount>45.61</tax_amount></item></items><refund>"
      "<amount>299.00</amount><method>original</method><status>pending</status></refund>"
      "</cancel>");
}

TEST(Mapping, XmlRootWrapsABodyWithSeveralKeys) {
  EXPECT_EQ(map_event("order.cancelled", "return { a = 1, b = 2 }", "xml", "doc"),
            R"(<?xml version="1.0" encoding="UTF-8"?><doc><a>1</a><b>2</b></doc>)");
}

sdk::Result deliver_with_body(const std::string& type, const std::string& body,
                              const std::string& format = "json") {
  RestAdapter adapter(one_event(type, body, format));
  ScriptedErp erp(reply(200, "{}"));
  sdk::Result result = adapter.deliver(delivery(type, sample_refs()), erp.sender());
  EXPECT_TRUE(erp.requests.empty()) << "a request was sent for a mapping that failed";
  return result;
}

TEST(MappingErrors, XmlBodyWithSeveralKeysAndNoRootIsInvalid) {
  auto result = deliver_with_body("order.cancelled", "return { a = 1, b = 2 }", "xml");
  EXPECT_EQ(class_name(result.result_class), "invalid");
  EXPECT_EQ(message_of(result),
            "/events/order.cancelled/body: an XML body table must have exactly one key, the "
            "root element, or xml_root must be set; it has 2");
}

TEST(MappingErrors, LuaRuntimeErrorIsInvalidWithLuasMessage) {
  auto result = deliver_with_body("order.cancelled", "local x = nil\nreturn { a = x.field }");
  EXPECT_EQ(class_name(result.result_class), "invalid");
  EXPECT_EQ(message_of(result),
            "/events/order.cancelled/body:2: attempt to index a nil value (local 'x')");
}

TEST(MappingErrors, ErrorCallNamesTheProblem) {
  auto result = deliver_with_body("order.cancelled", R"(error("no ERP line ids"))");
  EXPECT_EQ(message_of(result), "/events/order.cancelled/body:1: no ERP line ids");
}

TEST(MappingErrors, NilBodyIsInvalid) {
  auto result = deliver_with_body("order.cancelled", "return nil");
  EXPECT_EQ(class_name(result.result_class), "invalid");
  EXPECT_EQ(message_of(result), "/events/order.cancelled/body: returned a nil, not a table");
}

TEST(MappingErrors, FunctionsCannotBeWritten) {
  auto result = deliver_with_body("order.cancelled", "return { f = print or type }");
  EXPECT_EQ(message_of(result),
            "/events/order.cancelled/body: a function cannot be written as JSON");
}

TEST(MappingErrors, SelfReferencingTableIsCaught) {
  auto result = deliver_with_body("order.cancelled", "local t = {} t.self = t return t");
  EXPECT_EQ(message_of(result),
            "/events/order.cancelled/body: tables nest deeper than 64 levels (does a table "
            "contain itself?)");
}

TEST(MappingErrors, BadDecimalNamesTheValue) {
  auto result = deliver_with_body("order.cancelled", "return { x = money(data.reason) }");
  EXPECT_EQ(message_of(result),
            "/events/order.cancelled/body:1: money: 'customer' is not a decimal number");
}

TEST(MappingErrors, InvalidUtf8IsRefused) {
  auto result = deliver_with_body("order.cancelled", R"(return { x = string.sub("é", 1, 1) })");
  EXPECT_EQ(message_of(result), "/events/order.cancelled/body: a string is not valid UTF-8");
}

}  // namespace
}  // namespace erpbridge::rest
