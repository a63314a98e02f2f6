// The typed views over the canonical sample events (tests/samples).
#include <erpbridge/events.hpp>
#include <erpbridge/fake_host.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace erpbridge::sdk {
namespace {

Delivery sample(const std::string& type) {
  std::ifstream in(std::string(ERPBRIDGE_SAMPLES_DIR) + "/" + type + ".json");
  std::stringstream text;
  text << in.rdbuf();
  return testing::delivery(boost::json::parse(text.str()).as_object());
}

TEST(EventViews, CustomerReadsIdsContactAndAddresses) {
  const Delivery d = sample("customer.created");
  const auto customer = view_of<CustomerView>(d);
  EXPECT_EQ(customer.customer_id(), "cu_1001");
  EXPECT_EQ(customer.email(), "asha.rao@example.com");
  EXPECT_EQ(customer.gstin(), "");  // null in the sample
  ASSERT_EQ(customer.addresses().size(), 1u);
  EXPECT_EQ(customer.addresses()[0].pincode(), "411001");
}

TEST(EventViews, OrderReadsItsLinesAndTotals) {
  const Delivery d = sample("order.created");
  const auto order = view_of<OrderView>(d);
  EXPECT_EQ(order.order_id(), "ORD-5001");
  EXPECT_EQ(order.customer_id(), "cu_1001");
  EXPECT_EQ(order.currency(), "INR");
  EXPECT_TRUE(order.prices_include_tax());
  ASSERT_TRUE(order.shipping_address());
  EXPECT_EQ(order.shipping_address()->city(), "Pune");
  const auto lines = order.lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].line_id(), "L1");
  EXPECT_EQ(lines[0].quantity(), 2);
  EXPECT_EQ(lines[0].unit_price(), "499.00");
  EXPECT_EQ(lines[0].tax_rate(), "12");
  EXPECT_FALSE(order.grand_total().empty());
}

TEST(EventViews, CancellationAndReturnNameTheirLines) {
  const Delivery cancel = sample("order.cancelled");
  const auto cancellation = view_of<CancellationView>(cancel);
  EXPECT_FALSE(cancellation.full());
  ASSERT_EQ(cancellation.lines().size(), 1u);
  EXPECT_EQ(cancellation.lines()[0].line_id(), "L2");
  const Delivery ret = sample("order.returned");
  const auto returned = view_of<ReturnView>(ret);
  EXPECT_EQ(returned.return_id(), "RT-1");
  EXPECT_EQ(returned.lines()[0].reason(), "size too small");
}

TEST(EventViews, AViewOfAnotherEventTypeIsInvalid) {
  const Delivery d = sample("order.created");
  const Result r = testing::call(
      [&] { return Result::created(std::string(view_of<ReturnView>(d).return_id())); });
  EXPECT_EQ(r.result_class, ResultClass::invalid);
  EXPECT_EQ(testing::text_of(r, "message"), "expected a order.returned event, got order.created");
}

TEST(EventViews, OrderContextReadsTheLedgersLinesMovesAndWhetherTheOrderEmpties) {
  Delivery d = sample("order.cancelled");
  d.refs = boost::json::parse(R"({"customer_id": "cu_1001", "customer_erp_id": "C7",
      "order_erp_id": "SO9", "order_state": "open", "line_ids": ["L1", "L2"],
      "lines": {"L1": {"line_id": "L1", "sku": "TSHIRT-BLU-M", "erp_id": "SO9-1",
                       "unit_price": "499.00", "ordered_quantity": 2, "cancelled_quantity": 0,
                       "returned_quantity": 1, "remaining_quantity": 1, "moved_quantity": 0,
                       "remaining_after_quantity": 1},
                "L2": {"line_id": "L2", "erp_id": null, "ordered_quantity": 1,
                       "remaining_quantity": 1, "moved_quantity": 1,
                       "remaining_after_quantity": 0}},
      "moves": [{"line_id": "L2", "quantity": 1, "erp_id": null}],
      "empties_order": false})")
               .as_object();
  const auto order = order_context(d);
  ASSERT_TRUE(order.known());
  EXPECT_EQ(order.customer_erp_id(), "C7");
  EXPECT_EQ(order.order_state(), "open");
  const auto lines = order.lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].sku(), "TSHIRT-BLU-M");
  EXPECT_EQ(lines[0].returned_quantity(), 1);
  EXPECT_EQ(lines[0].remaining_after_quantity(), 1);
  EXPECT_EQ(lines[1].erp_id(), "");  // null
  EXPECT_EQ(order.line("L2")->remaining_after_quantity(), 0);
  EXPECT_FALSE(order.line("L9"));
  ASSERT_EQ(order.moves().size(), 1u);
  EXPECT_EQ(order.moves()[0].line_id, "L2");
  EXPECT_EQ(order.moves()[0].quantity, 1);
  EXPECT_FALSE(order.empties_order());
}

TEST(EventViews, OrderContextIsUnknownWithoutTheLedger) {
  Delivery d = sample("order.cancelled");
  d.refs = boost::json::parse(R"({"order_erp_id": "SO9"})").as_object();
  EXPECT_FALSE(order_context(d).known());
  EXPECT_TRUE(order_context(d).lines().empty());
  EXPECT_EQ(order_context(d).order_erp_id(), "SO9");
}

}  // namespace
}  // namespace erpbridge::sdk
