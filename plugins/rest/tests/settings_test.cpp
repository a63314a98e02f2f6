// Settings validation: every kind of mistake is refused at construction, naming the setting by
// its JSON pointer so the host can point at the YAML line.
#include <gtest/gtest.h>

#include "rest_test_support.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

struct Refusal {
  std::string pointer;
  std::string message;
};

// Parses `json` as settings; returns what the constructor refused (empty pointer "<accepted>"
// when it accepted them).
Refusal refusal_of(const std::string& json) {
  try {
    RestAdapter adapter(parse_object(json));
  } catch (const sdk::SettingsError& e) {
    return {e.key, e.what()};
  }
  return {"<accepted>", ""};
}

constexpr const char* kValidCustomer =
    R"("customer.created": {"path": "/createcustomer", "body": "return {}", "id": "/customerId"})";

std::string with_event(const std::string& event) {
  return R"({"events": {)" + event + "}}";
}

TEST(Settings, MinimalValidSettingsAreAccepted) {
  EXPECT_EQ(refusal_of(with_event(kValidCustomer)).pointer, "<accepted>");
}

TEST(Settings, UnknownTopLevelKeyIsNamed) {
  auto r = refusal_of(R"({"fromat": "json", "events": {)" + std::string(kValidCustomer) + "}}");
  EXPECT_EQ(r.pointer, "/fromat");
  EXPECT_EQ(r.message, "unknown setting 'fromat'; did you mean 'format'?");
  r = refusal_of(R"({"tenant": "x", "events": {)" + std::string(kValidCustomer) + "}}");
  EXPECT_EQ(r.message,
            "unknown setting 'tenant'; known here: format, headers, idempotency_header, "
            "xml_namespaces, limits, events, pull, push");
}

TEST(Settings, UnknownEventKeyIsNamed) {
  auto r = refusal_of(with_event(R"("order.cancelled": {"path": "/c", "bodyy": "x"})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/bodyy");
}

TEST(Settings, KeysWithSlashesAreEscapedInPointers) {
  auto r = refusal_of(with_event(R"("order.cancelled": {"path": "/c", "a/b~c": 1})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/a~1b~0c");
}

TEST(Settings, UnknownEventTypeIsRefused) {
  auto r = refusal_of(with_event(R"("order.shipped": {"path": "/s"})"));
  EXPECT_EQ(r.pointer, "/events/order.shipped");
  EXPECT_EQ(r.message,
            "unknown event type 'order.shipped' (known: customer.created, order.created, "
            "order.cancelled, order.returned)");
}

TEST(Settings, WrongTypesAreNamed) {
  EXPECT_EQ(refusal_of(R"({"events": []})").pointer, "/events");
  EXPECT_EQ(refusal_of(R"({"events": []})").message, "must be a mapping, not a list");
  auto r = refusal_of(with_event(R"("order.cancelled": {"path": true})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/path");
  EXPECT_EQ(r.message, "must be a string, not a boolean");
  EXPECT_EQ(
      refusal_of(with_event(R"("order.cancelled": {"path": "/c", "query": {"a": [1]}})")).pointer,
      "/events/order.cancelled/query/a");
  EXPECT_EQ(
      refusal_of(with_event(R"("order.cancelled": {"path": "/c", "timeout_ms": "soon"})")).pointer,
      "/events/order.cancelled/timeout_ms");
}

TEST(Settings, BadValuesAreNamed) {
  auto r = refusal_of(R"({"format": "yaml", "events": {)" + std::string(kValidCustomer) + "}}");
  EXPECT_EQ(r.pointer, "/format");
  EXPECT_EQ(r.message, "must be json or xml, not 'yaml'");
  r = refusal_of(with_event(R"("order.cancelled": {"method": "FETCH", "path": "/c"})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/method");
  r = refusal_of(with_event(R"("order.cancelled": {"path": "cancel"})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/path");
  r = refusal_of(R"({"limits": {"instructions": 5}, "events": {)" + std::string(kValidCustomer) +
                 "}}");
  EXPECT_EQ(r.pointer, "/limits/instructions");
  EXPECT_EQ(r.message, "must be a whole number from 1000 to 1000000000");
}

TEST(Settings, MissingRequiredSettingsAreNamed) {
  EXPECT_EQ(refusal_of("{}").pointer, "/events");
  auto r = refusal_of(with_event(R"("order.cancelled": {"body": "return {}"})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/path");
  EXPECT_EQ(r.message, "is required");
  r = refusal_of(with_event(R"("order.created": {"path": "/o", "body": "return {}"})"));
  EXPECT_EQ(r.pointer, "/events/order.created/id");
  EXPECT_EQ(r.message, "is required for order.created: where the new id is in the ERP's reply");
  r = refusal_of(with_event(
      R"("customer.created": {"path": "/c", "id": "/id", "lookup": {"path": "/customers"}})"));
  EXPECT_EQ(r.pointer, "/events/customer.created/lookup/id");
  r = refusal_of(with_event(
      R"("order.created": {"path": "/o", "id": "/id", "line_ids": {"array": "/lines", "our": "/r"}})"));
  EXPECT_EQ(r.pointer, "/events/order.created/line_ids/erp");
}

TEST(Settings, LuaSyntaxErrorsCarryLuasMessage) {
  auto r =
      refusal_of(with_event(R"("order.cancelled": {"path": "/c", "body": "return {\n a = }"})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/body");
  EXPECT_EQ(r.message,
            "Lua syntax error: /events/order.cancelled/body:2: unexpected symbol near '}'");
  r = refusal_of(with_event(R"("order.cancelled": {"path": "/c", "success": "reply.status =="})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/success");
  EXPECT_EQ(r.message,
            "Lua syntax error: /events/order.cancelled/success:1: unexpected symbol near <eof>");
  r = refusal_of(
      with_event(R"("order.cancelled": {"path": "/c", "query": {"id": "{{ data.order_id + }}"}})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/query/id");
  EXPECT_EQ(r.message.rfind("Lua syntax error: /events/order.cancelled/query/id:1:", 0), 0u)
      << r.message;
}

// Chunk texts that compiled are remembered across connectors; what fails must still fail,
// each time naming the setting where it is.
TEST(Settings, TheSameBrokenScriptInTwoConnectorsNamesEachOnesSetting) {
  const std::string broken = R"("body": "return {\n a = }")";
  auto first = refusal_of(with_event(R"("order.cancelled": {"path": "/c", )" + broken + "}"));
  auto second = refusal_of(with_event(R"("order.returned": {"path": "/r", )" + broken + "}"));
  EXPECT_EQ(first.pointer, "/events/order.cancelled/body");
  EXPECT_EQ(second.pointer, "/events/order.returned/body");
  EXPECT_EQ(second.message,
            "Lua syntax error: /events/order.returned/body:2: unexpected symbol near '}'");
}

TEST(Settings, ABodyThatCompiledIsStillRefusedWhereOnlyAnExpressionFits) {
  // A statement block is a valid body but no expression.
  const std::string block = R"(x = 1\nreturn x == 1)";
  EXPECT_EQ(refusal_of(with_event(R"("order.cancelled": {"path": "/c", "body": ")" + block + "\"}"))
                .pointer,
            "<accepted>");
  auto r =
      refusal_of(with_event(R"("order.cancelled": {"path": "/c", "success": ")" + block + "\"}"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/success");
  EXPECT_EQ(r.message.rfind("Lua syntax error: /events/order.cancelled/success:1:", 0), 0u)
      << r.message;
}

TEST(Settings, TemplateMistakesAreNamed) {
  auto r = refusal_of(with_event(R"("order.cancelled": {"path": "/orders/{{refs.x"})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/path");
  EXPECT_EQ(r.message, "'{{' without a closing '}}'");
  r = refusal_of(with_event(R"("order.cancelled": {"path": "/orders/{{ }}"})"));
  EXPECT_EQ(r.message, "empty '{{ }}' expression");
}

TEST(Settings, BadJsonPointersAreRefused) {
  auto r = refusal_of(with_event(R"("customer.created": {"path": "/c", "id": "customerId"})"));
  EXPECT_EQ(r.pointer, "/events/customer.created/id");
  EXPECT_EQ(r.message, "'customerId' is not a valid JSON pointer (like /customerId)");
  r = refusal_of(with_event(R"("order.cancelled": {"path": "/c", "message": "/a~2b"})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/message");
}

TEST(Settings, BadXPathsAreRefused) {
  auto r = refusal_of(R"({"format": "xml", "events": {"customer.created":
      {"path": "/c", "id": "/response/[customerId"}}})");
  EXPECT_EQ(r.pointer, "/events/customer.created/id");
  EXPECT_EQ(r.message.rfind("'/response/[customerId' is not a valid XPath expression: ", 0), 0u)
      << r.message;
  r = refusal_of(R"({"format": "xml", "events": {"order.created": {"path": "/o", "id": "/r/id",
      "line_ids": {"array": "/r/lines/line", "our": "/lineRef", "erp": "lineId"}}}})");
  EXPECT_EQ(r.pointer, "/events/order.created/line_ids/our");
  EXPECT_EQ(r.message, "'/lineRef' must be an XPath relative to each selected node (like lineId)");
}

TEST(Settings, PerEventFormatOverridesTheDefault) {
  RestAdapter adapter(parse_object(R"({"format": "xml", "events": {
      "customer.created": {"format": "json", "path": "/c", "id": "/customerId"},
      "order.created": {"path": "/o", "id": "/response/orderId"}}})"));
  EXPECT_EQ(adapter.settings().find("customer.created")->format, Format::json);
  EXPECT_EQ(adapter.settings().find("order.created")->format, Format::xml);
  auto r = refusal_of(with_event(R"("order.cancelled": {"path": "/c", "xml_root": "cancel"})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/xml_root");
  EXPECT_EQ(r.message, "is only used with format xml");
}

TEST(Settings, HeadersAreChecked) {
  auto r =
      refusal_of(with_event(R"("order.cancelled": {"path": "/c", "headers": {"Bad Name": "x"}})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/headers/Bad Name");
  r = refusal_of(R"({"headers": {"Content-Length": "5"}, "events": {)" +
                 std::string(kValidCustomer) + "}}");
  EXPECT_EQ(r.pointer, "/headers/Content-Length");
  EXPECT_EQ(r.message, "the host sets Content-Length itself");
  r = refusal_of(with_event(R"("order.cancelled": {"path": "/c", "idempotency_header": "a b"})"));
  EXPECT_EQ(r.pointer, "/events/order.cancelled/idempotency_header");
}

TEST(Settings, YamlScalarsMayArriveAsStringsOrNumbers) {
  EXPECT_EQ(refusal_of(with_event(R"("order.cancelled": {"path": "/c", "timeout_ms": "2500",
                                     "query": {"page": 1, "all": true, "ratio": 2.5}})"))
                .pointer,
            "<accepted>");
}

TEST(Settings, TheReadmeNamesEveryDeclaredTopLevelSetting) {
  const std::string readme = sdk::testing::file_text(REST_README);
  ASSERT_FALSE(readme.empty()) << REST_README;
  EXPECT_EQ(sdk::testing::undocumented_settings(readme, rest_settings_schema()),
            std::vector<std::string>{});
}

}  // namespace
}  // namespace erpbridge::rest
