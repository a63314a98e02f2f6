// How claimed sync-back rows become Commerceup calls (core/syncback/commerceup_calls.hpp):
// the latest absolute quantity of a SKU wins, deltas add up, and a call never carries more
// SKUs than the batch size.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "syncback/commerceup_calls.hpp"

namespace erpbridge::syncback {
namespace {

store::OutboxEvent row(const std::string& sku, const char* field, std::int64_t n) {
  store::OutboxEvent e;
  e.event_type =
      field == std::string("delta") ? "commerceup.inventory_delta" : "commerceup.inventory";
  e.payload = "{\"sku\":\"" + sku + "\",\"" + field + "\":" + std::to_string(n) + "}";
  return e;
}

store::OutboxEvent stock(const std::string& sku, std::int64_t q) {
  return row(sku, "quantity", q);
}

store::OutboxEvent delta(const std::string& sku, std::int64_t d) {
  return row(sku, "delta", d);
}

TEST(InventoryCoalescing, LatestAbsoluteQuantityOfASkuWins) {
  auto batch = coalesce_inventory({stock("A", 5), stock("B", 1), stock("A", 7)}, false, 100);
  EXPECT_EQ(batch.rows, 3u);
  ASSERT_EQ(batch.entries.size(), 2u);
  EXPECT_EQ(batch.entries[0].sku, "A");
  EXPECT_EQ(batch.entries[0].quantity, 7);
  EXPECT_EQ(batch.entries[1].quantity, 1);
  EXPECT_EQ(
      boost::json::parse(bulk_inventory_body(batch)),
      boost::json::parse(R"({"inventory":[{"sku":"A","quantity":7},{"sku":"B","quantity":1}]})"));
}

TEST(InventoryCoalescing, DeltasOfASkuAreSummedAndCancellingOnesLeftOut) {
  auto batch =
      coalesce_inventory({delta("A", 2), delta("B", 3), delta("A", -5), delta("B", -3)}, true, 100);
  EXPECT_EQ(batch.rows, 4u);
  ASSERT_EQ(batch.entries.size(), 1u);
  EXPECT_EQ(batch.entries[0].sku, "A");
  EXPECT_EQ(batch.entries[0].quantity, -3);
}

TEST(InventoryCoalescing, StopsBeforeTheRowThatWouldExceedTheBatchSize) {
  auto batch = coalesce_inventory(
      {stock("A", 1), stock("B", 1), stock("A", 2), stock("C", 1), stock("B", 9)}, false, 2);
  EXPECT_EQ(batch.rows, 3u);  // A, B, A; C would be a third SKU
  ASSERT_EQ(batch.entries.size(), 2u);
  EXPECT_EQ(batch.entries[0].quantity, 2);
}

TEST(InventoryCoalescing, StopsAtARowOfTheOtherKindOrADamagedOne) {
  EXPECT_EQ(coalesce_inventory({stock("A", 1), delta("A", 1), stock("B", 1)}, false, 10).rows, 1u);
  store::OutboxEvent damaged = stock("B", 1);
  damaged.payload = "{";
  EXPECT_EQ(coalesce_inventory({stock("A", 1), damaged, stock("C", 1)}, false, 10).rows, 1u);
  EXPECT_EQ(coalesce_inventory({damaged}, false, 10).rows, 0u);
}

TEST(InventoryCoalescing, OrderStatusBodyCarriesCommerceupsOrderIdAndItems) {
  store::OutboxEvent e;
  e.payload = R"({"erp_order_id":"SO1","status":"Shipped","items":[{"sku":"A","quantity":2}]})";
  auto change = order_status_of(e);
  ASSERT_TRUE(change);
  EXPECT_EQ(change->erp_order_id, "SO1");
  EXPECT_EQ(boost::json::parse(order_status_body("ORD-5", *change)),
            boost::json::parse(
                R"({"orderId":"ORD-5","status":"Shipped","items":[{"sku":"A","quantity":2}]})"));
  e.payload = R"({"order_id":"ORD-6","status":"Delivered"})";
  EXPECT_EQ(boost::json::parse(order_status_body("ORD-6", *order_status_of(e))),
            boost::json::parse(R"({"orderId":"ORD-6","status":"Delivered"})"));
}

}  // namespace
}  // namespace erpbridge::syncback
