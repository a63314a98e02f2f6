// translate_push: a body the ERP pushed in its own shape becomes the canonical changes document
// through the tenant's push mapping; a bad body is `invalid` naming the field at fault.
#include <gtest/gtest.h>

#include "push_flow.hpp"
#include "rest_test_support.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

// An ERP that pushes {"stock": [{"itemCode", "onHand" | "adjust"}]} and shipment notes in XML.
constexpr const char* kSettings = R"({
  "events": {"order.cancelled": {"path": "/cancelorder", "body": "return {}"}},
  "push": {
    "inventory": {"changes": "if body.stock == nil then reject('/stock', 'is required') end\nreturn { inventory = map(body.stock, function(s, i)\n  local at = '/stock/' .. (i - 1)\n  if type(s.itemCode) ~= 'string' or s.itemCode == '' then reject(at .. '/itemCode', 'must be the item code') end\n  if s.onHand ~= nil then\n    if math.type(s.onHand) ~= 'integer' or s.onHand < 0 then reject(at .. '/onHand', 'must be a whole number >= 0') end\n    return { sku = s.itemCode, quantity = s.onHand }\n  end\n  return { sku = s.itemCode, delta = s.adjust }\nend) }"},
    "order_status": {"format": "xml", "changes": "local states = { shipped = 'Shipped', delivered = 'Delivered' }\nlocal status = states[body.state] or reject('/shipment/state', 'is not a state Commerceup knows')\nlocal lines = body.lines.line\nif lines.sku then lines = { lines } end\nreturn { order_status = { { erp_order_id = body.order, status = status, items = map(lines, function(l) return { sku = l.sku, quantity = math.tointeger(tonumber(l.qty)) } end) } } }"}
  }
})";

class PushTranslation : public ::testing::Test {
 protected:
  sdk::Result translate(const std::string& kind, const std::string& body,
                        const std::string& content_type = "application/json") {
    return translate_push(adapter_.settings(), sdk::PushBody{kind, content_type, body});
  }
  static std::string field_of(const sdk::Result& result) {
    auto* field = result.details.if_contains("field");
    return field && field->is_string() ? std::string(field->as_string()) : "<none>";
  }

  RestAdapter adapter_{parse_object(kSettings)};
};

TEST_F(PushTranslation, ErpStockBodyBecomesCanonicalInventoryChanges) {
  auto result = translate("inventory", R"({"warehouse": "WH1", "stock": [
      {"itemCode": "TSHIRT-BLK-M", "onHand": 12}, {"itemCode": "MUG-WHT", "adjust": -2}]})");
  ASSERT_EQ(result.result_class, sdk::ResultClass::ok) << message_of(result);
  EXPECT_EQ(result.details, boost::json::parse(R"({"inventory": [
      {"sku": "TSHIRT-BLK-M", "quantity": 12}, {"sku": "MUG-WHT", "delta": -2}]})"));
}

TEST_F(PushTranslation, AnEmptyStockListIsAnEmptyInventoryList) {
  auto result = translate("inventory", R"({"stock": []})");
  ASSERT_EQ(result.result_class, sdk::ResultClass::ok) << message_of(result);
  EXPECT_EQ(result.details, boost::json::parse(R"({"inventory": []})"));
}

TEST_F(PushTranslation, XmlShipmentNoteBecomesAnOrderStatusChange) {
  auto result = translate("order_status",
                          "<shipment><order>SO000001</order><state>shipped</state><lines>"
                          "<line><sku>TSHIRT-BLK-M</sku><qty>2</qty></line></lines></shipment>",
                          "application/xml");
  ASSERT_EQ(result.result_class, sdk::ResultClass::ok) << message_of(result);
  EXPECT_EQ(result.details, boost::json::parse(R"({"order_status": [{"erp_order_id": "SO000001",
      "status": "Shipped", "items": [{"sku": "TSHIRT-BLK-M", "quantity": 2}]}]})"));
}

TEST_F(PushTranslation, ABadValueIsInvalidNamingItsField) {
  auto result = translate("inventory", R"({"stock": [{"itemCode": "A", "onHand": 1},
                                                      {"itemCode": "B", "onHand": -4}]})");
  EXPECT_EQ(result.result_class, sdk::ResultClass::invalid);
  EXPECT_EQ(field_of(result), "/stock/1/onHand");
  EXPECT_EQ(message_of(result),
            "the pushed body is not valid: /stock/1/onHand must be a whole "
            "number >= 0");
}

TEST_F(PushTranslation, AMissingListIsInvalidNamingIt) {
  auto result = translate("inventory", R"({"stok": []})");
  EXPECT_EQ(result.result_class, sdk::ResultClass::invalid);
  EXPECT_EQ(field_of(result), "/stock");
}

TEST_F(PushTranslation, AnUnknownXmlStateIsInvalidNamingIt) {
  auto result = translate("order_status",
                          "<shipment><order>SO1</order><state>lost</state><lines/></shipment>");
  EXPECT_EQ(result.result_class, sdk::ResultClass::invalid);
  EXPECT_EQ(field_of(result), "/shipment/state");
}

TEST_F(PushTranslation, ABodyThatIsNotJsonIsInvalid) {
  auto result = translate("inventory", "stock: 12");
  EXPECT_EQ(result.result_class, sdk::ResultClass::invalid);
  EXPECT_EQ(message_of(result).rfind("the pushed JSON body cannot be read", 0), 0u)
      << message_of(result);
}

TEST_F(PushTranslation, AChangeTheMappingGotWrongNamesTheChange) {
  // No onHand and no adjust: the mapping produces a change without quantity or delta.
  auto result = translate("inventory", R"({"stock": [{"itemCode": "A"}]})");
  EXPECT_EQ(result.result_class, sdk::ResultClass::invalid);
  EXPECT_EQ(message_of(result),
            "the push mapping produced an invalid change: /inventory/0 needs exactly one of "
            "quantity (the stock level) or delta (a change)");
}

TEST_F(PushTranslation, AKindWithoutAMappingIsInvalid) {
  RestAdapter inventory_only(parse_object(R"({
      "events": {"order.cancelled": {"path": "/c", "body": "return {}"}},
      "push": {"inventory": {"changes": "return { inventory = {} }"}}})"));
  auto result = translate_push(inventory_only.settings(), {"order_status", "", "{}"});
  EXPECT_EQ(result.result_class, sdk::ResultClass::invalid);
  EXPECT_EQ(message_of(result),
            "pushes of kind 'order_status' are not configured for this "
            "tenant (no push.order_status setting)");
}

TEST_F(PushTranslation, WithoutPushSettingsTranslationIsNotConfigured) {
  RestAdapter no_push(parse_object(R"({"events": {"order.cancelled": {"path": "/c"}}})"));
  auto result = translate_push(no_push.settings(), {"inventory", "", "{}"});
  EXPECT_EQ(result.result_class, sdk::ResultClass::invalid);
  EXPECT_EQ(message_of(result),
            "push translation is not configured for this tenant (its rest "
            "settings have no push: section)");
}

TEST_F(PushTranslation, AMappingReturningAnotherKindIsRefused) {
  RestAdapter wrong(parse_object(R"({
      "events": {"order.cancelled": {"path": "/c"}},
      "push": {"inventory": {"changes": "return { order_status = {} }"}}})"));
  auto result = translate_push(wrong.settings(), {"inventory", "", "{}"});
  EXPECT_EQ(result.result_class, sdk::ResultClass::invalid);
  EXPECT_EQ(message_of(result),
            "the push mapping produced an invalid change: /order_status is "
            "not a kind of change this push takes");
}

}  // namespace
}  // namespace erpbridge::rest
