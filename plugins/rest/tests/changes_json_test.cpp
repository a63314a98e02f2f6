// The changes check: what a sync-back mapping returns is put in docs/sync-back.md's canonical
// shape, and a change that is not is named by its pointer.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "changes_json.hpp"

namespace erpbridge::rest {
namespace {

boost::json::object changes(const char* text) {
  return boost::json::parse(text).as_object();
}

std::string refusal(const char* text, AllowedChanges allowed = {}) {
  auto document = changes(text);
  auto problem = normalize_changes(document, allowed);
  return problem ? problem->pointer + " " + problem->message : "<accepted>";
}

TEST(ChangesJson, LuaShapesBecomeCanonical) {
  auto document =
      changes(R"({"inventory": [{"sku": "A", "quantity": 3.0}, {"sku": "B", "delta": -2}],
      "order_status": [{"erp_order_id": 17, "status": "Shipped", "items": null},
                       {"order_id": "CU-1", "status": "Delivered", "items": {}}]})");
  ASSERT_EQ(normalize_changes(document, {}), std::nullopt);
  EXPECT_EQ(document,
            changes(R"({"inventory": [{"sku": "A", "quantity": 3}, {"sku": "B", "delta": -2}],
      "order_status": [{"erp_order_id": "17", "status": "Shipped"},
                       {"order_id": "CU-1", "status": "Delivered", "items": []}]})"));
  EXPECT_TRUE(document.at("inventory").at(0).at("quantity").is_int64());
}

TEST(ChangesJson, AnEmptyTableIsAnEmptyList) {
  auto document = changes(R"({"inventory": {}})");
  ASSERT_EQ(normalize_changes(document, {}), std::nullopt);
  EXPECT_TRUE(document.at("inventory").is_array());
}

TEST(ChangesJson, StockNeedsExactlyOneOfQuantityOrDelta) {
  EXPECT_EQ(refusal(R"({"inventory": [{"sku": "A", "quantity": 1, "delta": 1}]})"),
            "/inventory/0 needs exactly one of quantity (the stock level) or delta (a change)");
  EXPECT_EQ(refusal(R"({"inventory": [{"sku": "A", "quantity": -1}]})"),
            "/inventory/0/quantity must be a whole number >= 0");
  EXPECT_EQ(refusal(R"({"inventory": [{"sku": "A", "delta": 0}]})"),
            "/inventory/0/delta must be a whole number other than 0");
  EXPECT_EQ(refusal(R"({"inventory": [{"sku": "A", "quantity": 1.5}]})"),
            "/inventory/0/quantity must be a whole number >= 0");
  EXPECT_EQ(refusal(R"({"inventory": [{"sku": 12, "quantity": 1}]})"),
            "/inventory/0/sku must be non-empty text");
}

TEST(ChangesJson, OrderStatusIsCheckedFieldByField) {
  EXPECT_EQ(refusal(R"({"order_status": [{"erp_order_id": "SO1", "status": "shipped"}]})"),
            "/order_status/0/status must be one of In Process, Shipped, Delivered, Cancelled, "
            "Return Requested, Return Approved, Return Rejected");
  EXPECT_EQ(refusal(R"({"order_status": [{"status": "Shipped"}]})"),
            "/order_status/0 needs exactly one of erp_order_id (the ERP's) or order_id "
            "(Commerceup's)");
  EXPECT_EQ(refusal(R"({"order_status": [{"order_id": "C", "status": "Shipped",
                                           "items": [{"sku": "A", "quantity": 0}]}]})"),
            "/order_status/0/items/0/quantity must be a whole number >= 1");
  EXPECT_EQ(refusal(R"({"order_status": [{"order_id": "C", "status": "Shipped", "note": "x"}]})"),
            "/order_status/0/note is not a field of this change (the mapping should leave it out)");
}

TEST(ChangesJson, OnlyTheAllowedKindsAreTaken) {
  EXPECT_EQ(refusal(R"({"stock": []})"),
            "/stock is not a kind of change (known: inventory, order_status)");
  EXPECT_EQ(refusal(R"({"order_status": []})", {true, false}),
            "/order_status is not a kind of change this push takes");
  EXPECT_EQ(refusal(R"({"inventory": "none"})"), "/inventory must be a list");
}

}  // namespace
}  // namespace erpbridge::rest
