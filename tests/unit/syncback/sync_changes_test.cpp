// The changes document of sync back (core/syncback/changes.hpp, change_events.hpp): what each
// way in accepts, the JSON pointer every refusal names, and the outbox rows a document becomes.
#include <gtest/gtest.h>

#include <set>

#include "syncback/change_events.hpp"
#include "syncback/changes.hpp"

namespace erpbridge::syncback {
namespace {

std::string refusal(std::string_view json, ChangesSource source = ChangesSource::inventory_push) {
  ChangesError error;
  auto changes = parse_changes_json(json, source, error);
  EXPECT_FALSE(changes) << json;
  return error.text();
}

TEST(SyncChanges, ReadsAbsoluteQuantitiesAndDeltas) {
  ChangesError error;
  auto c = parse_changes_json(R"({"inventory":[{"sku":"A","quantity":12},{"sku":"B","delta":-2}]})",
                              ChangesSource::inventory_push, error);
  ASSERT_TRUE(c) << error.text();
  ASSERT_EQ(c->inventory.size(), 2u);
  EXPECT_EQ(c->inventory[0].quantity, 12);
  EXPECT_FALSE(c->inventory[0].delta);
  EXPECT_EQ(c->inventory[1].delta, -2);
}

TEST(SyncChanges, ReadsOrderStatusWithEitherOrderIdAndItems) {
  ChangesError error;
  auto c = parse_changes_json(
      R"({"order_status":[{"erp_order_id":"SO1","status":"Shipped","items":[{"sku":"A","quantity":2}]},
                          {"order_id":"ORD-9","status":"Return Approved"}]})",
      ChangesSource::order_status_push, error);
  ASSERT_TRUE(c) << error.text();
  EXPECT_EQ(c->order_status[0].erp_order_id, "SO1");
  ASSERT_TRUE(c->order_status[0].items);
  EXPECT_EQ((*c->order_status[0].items)[0].quantity, 2);
  EXPECT_EQ(c->order_status[1].order_id, "ORD-9");
  EXPECT_FALSE(c->order_status[1].items);
}

TEST(SyncChanges, NamesTheFieldOfABadQuantityAsAJsonPointer) {
  EXPECT_EQ(refusal(R"({"inventory":[{"sku":"A","quantity":1},{"sku":"B","quantity":-1}]})"),
            "/inventory/1/quantity: must be an integer >= 0");
  EXPECT_EQ(refusal(R"({"inventory":[{"sku":"A","quantity":2.5}]})"),
            "/inventory/0/quantity: must be an integer >= 0");
  EXPECT_EQ(refusal(R"({"inventory":[{"sku":"A","quantity":true}]})"),
            "/inventory/0/quantity: must be an integer >= 0");
  EXPECT_EQ(refusal(R"({"inventory":[{"sku":"A","delta":0}]})"),
            "/inventory/0/delta: must be an integer other than 0");
}

TEST(SyncChanges, RefusesMissingOrAmbiguousFields) {
  EXPECT_EQ(refusal(R"({"inventory":[{"quantity":1}]})"), "/inventory/0/sku: is required");
  EXPECT_EQ(refusal(R"({"inventory":[{"sku":"","quantity":1}]})"),
            "/inventory/0/sku: must be a non-empty string");
  EXPECT_EQ(refusal(R"({"inventory":[{"sku":"A"}]})"),
            "/inventory/0/quantity: is required (or delta for a change)");
  EXPECT_EQ(refusal(R"({"inventory":[{"sku":"A","quantity":1,"delta":1}]})"),
            "/inventory/0: must have either quantity or delta, not both");
  EXPECT_EQ(refusal(R"({"inventory":[5]})"), "/inventory/0: must be an object");
}

TEST(SyncChanges, PushEndpointsTakeOnlyTheirOwnNonEmptyList) {
  EXPECT_EQ(refusal(R"({})"), "/inventory: is required");
  EXPECT_EQ(refusal(R"({"inventory":[]})"), "/inventory: must have at least one entry");
  EXPECT_EQ(refusal(R"({"inventory":{}})"), "/inventory: must be an array");
  EXPECT_EQ(refusal(R"({"inventory":[{"sku":"A","quantity":1}],"order_status":[]})"),
            "/order_status: is not accepted here; use POST /v1/erp/order-status");
  EXPECT_EQ(refusal(R"({"inventory":[]})", ChangesSource::order_status_push),
            "/order_status: is required");
  EXPECT_EQ(refusal(R"([])"), "must be an object");
}

TEST(SyncChanges, OrderStatusMustBeACommerceupStatus) {
  const auto text = refusal(R"({"order_status":[{"erp_order_id":"SO1","status":"shipped"}]})",
                            ChangesSource::order_status_push);
  EXPECT_EQ(text.rfind("/order_status/0/status: must be one of In Process, Shipped", 0), 0u)
      << text;
  EXPECT_EQ(refusal(R"({"order_status":[{"status":"Shipped"}]})", ChangesSource::order_status_push),
            "/order_status/0/erp_order_id: is required (or order_id)");
  EXPECT_EQ(
      refusal(
          R"({"order_status":[{"order_id":"O","status":"Shipped","items":[{"sku":"A","quantity":0}]}]})",
          ChangesSource::order_status_push),
      "/order_status/0/items/0/quantity: must be an integer >= 1");
}

TEST(SyncChanges, APullAnswerNeedsACursorAndMayCarryBothListsOrNone) {
  ChangesError error;
  auto c = parse_changes_json(R"({"cursor":"c2","more":true,"inventory":[{"sku":"A","quantity":1}],
                             "order_status":[{"order_id":"O","status":"Shipped"}]})",
                              ChangesSource::pull, error);
  ASSERT_TRUE(c) << error.text();
  EXPECT_EQ(c->cursor, "c2");
  EXPECT_TRUE(c->more);
  auto empty = parse_changes_json(R"({"cursor":"c3"})", ChangesSource::pull, error);
  ASSERT_TRUE(empty) << error.text();
  EXPECT_FALSE(empty->more);
  EXPECT_EQ(refusal(R"({"inventory":[]})", ChangesSource::pull),
            "/cursor: is required in a pull answer");
  EXPECT_EQ(refusal(R"({"cursor":3})", ChangesSource::pull), "/cursor: must be a string");
  EXPECT_EQ(refusal(R"({"cursor":"x","more":"yes"})", ChangesSource::pull),
            "/more: must be true or false");
}

TEST(SyncChanges, TextThatIsNotJsonIsRefusedWithoutAField) {
  ChangesError error;
  EXPECT_FALSE(parse_changes_json("{", ChangesSource::inventory_push, error));
  EXPECT_TRUE(error.field.empty());
  EXPECT_EQ(error.message.rfind("the body is not valid JSON", 0), 0u);
}

TEST(SyncChangeEvents, OneRowPerChangeWithTypeLaneAndPayload) {
  ChangesError error;
  auto c = parse_changes_json(
      R"({"cursor":"c","inventory":[{"sku":"A","quantity":3},{"sku":"B","delta":-1}],
          "order_status":[{"erp_order_id":"SO1","status":"Shipped"}]})",
      ChangesSource::pull, error);
  ASSERT_TRUE(c);
  auto rows = change_events("t1", *c, "pull:x");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].event_id, "pull:x:0");
  EXPECT_EQ(rows[0].event_type, "commerceup.inventory");
  EXPECT_EQ(rows[0].entity_key, "commerceup:inventory");
  EXPECT_EQ(rows[0].payload, R"({"sku":"A","quantity":3})");
  EXPECT_EQ(rows[1].event_type, "commerceup.inventory_delta");
  EXPECT_EQ(rows[1].entity_key, "commerceup:inventory");
  EXPECT_EQ(rows[1].payload, R"({"sku":"B","delta":-1})");
  EXPECT_EQ(rows[2].event_type, "commerceup.order_status");
  EXPECT_EQ(rows[2].entity_key, "commerceup:order:erp:SO1");  // no id map entry for SO1
  EXPECT_EQ(rows[2].document_id, "SO1");
  for (const auto& r : rows) EXPECT_EQ(r.tenant, "t1");
}

TEST(SyncChangeEvents, AnOrdersStatusesShareOneLaneWhicheverIdTheyCarry) {
  ChangesError error;
  auto c = parse_changes_json(
      R"({"order_status":[{"erp_order_id":"SO1","status":"In Process"},
                          {"order_id":"ORD-1","status":"Shipped"},
                          {"erp_order_id":"SO9","status":"Shipped"}]})",
      ChangesSource::order_status_push, error);
  ASSERT_TRUE(c) << error.text();
  const OrderIdLookup id_map = [](const std::string& erp) -> std::optional<std::string> {
    if (erp == "SO1") return "ORD-1";
    return std::nullopt;
  };
  auto rows = change_events("t1", *c, "push:x", id_map);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].entity_key, "commerceup:order:ORD-1");
  EXPECT_EQ(rows[1].entity_key, "commerceup:order:ORD-1");
  // Not in the id map: its own lane, apart from any Commerceup id that looks the same.
  EXPECT_EQ(rows[2].entity_key, "commerceup:order:erp:SO9");
}

TEST(SyncChangeEvents, IdempotencyKeyGivesTheSameIdsUniquePrefixesNever) {
  EXPECT_EQ(push_id_prefix("inventory", "k-1"), push_id_prefix("inventory", "k-1"));
  EXPECT_NE(push_id_prefix("inventory", "k-1"), push_id_prefix("order_status", "k-1"));
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(push_id_prefix("inventory", std::nullopt));
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_NE(unique_id_prefix("pull"), unique_id_prefix("pull"));
}

TEST(SyncChangeEvents, IdempotencyKeyMustBeShortPrintableAscii) {
  EXPECT_TRUE(check_idempotency_key("push-2026-11-27-001").empty());
  EXPECT_FALSE(check_idempotency_key("").empty());
  EXPECT_FALSE(check_idempotency_key("has space").empty());
  EXPECT_FALSE(check_idempotency_key(std::string(201, 'k')).empty());
}

}  // namespace
}  // namespace erpbridge::syncback
