#include <gtest/gtest.h>

#include "events/event.hpp"
#include "pipeline/ledger_entry.hpp"
#include "pipeline/reference_resolver.hpp"
#include "store/store.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::pipeline {
namespace {

using erpbridge::testing::sample;
using store::EntityKind;
namespace json = boost::json;

events::Event parse(const std::string& name) {
  events::ValidationError error;
  auto e = events::parse_event(sample(name), error);
  EXPECT_TRUE(e) << error.message;
  return *e;
}

class ReferenceResolverTest : public ::testing::Test {
 protected:
  erpbridge::testing::TempDir dir;
  std::unique_ptr<store::Store> store = store::open_store({dir.path() / "s.db"});
  store::IdMap* ids = &store->ids();
};

TEST_F(ReferenceResolverTest, OrderWaitsForItsCustomersErpId) {
  auto r = resolve_references(parse("order.created"), "p8f3a21", *ids);
  ASSERT_TRUE(r.waiting_for);
  EXPECT_EQ(*r.waiting_for, "customer cu_1001");
}

TEST_F(ReferenceResolverTest, OrderGetsItsCustomersErpId) {
  ids->put_all("p8f3a21", {{EntityKind::customer, "cu_1001", "C000007"}});
  auto r = resolve_references(parse("order.created"), "p8f3a21", *ids);
  EXPECT_FALSE(r.waiting_for);
  EXPECT_EQ(r.refs.at("customer_erp_id").as_string(), "C000007");
}

TEST_F(ReferenceResolverTest, CustomerOfAnotherTenantDoesNotCount) {
  ids->put_all("other", {{EntityKind::customer, "cu_1001", "C000007"}});
  EXPECT_TRUE(resolve_references(parse("order.created"), "p8f3a21", *ids).waiting_for);
}

TEST_F(ReferenceResolverTest, CancelGetsOrderAndLineErpIds) {
  ids->put_all("p8f3a21", {{EntityKind::order, "ORD-5001", "SO9"}});
  ids->put_all("p8f3a21",
               {{EntityKind::order_line, store::order_line_key("ORD-5001", "L2"), "SO9-2"}});
  auto r = resolve_references(parse("order.cancelled"), "p8f3a21", *ids);
  EXPECT_FALSE(r.waiting_for);
  EXPECT_EQ(r.refs.at("order_erp_id").as_string(), "SO9");
  EXPECT_EQ(r.refs.at("line_erp_ids").as_object().at("L2").as_string(), "SO9-2");
}

TEST_F(ReferenceResolverTest, ReturnWaitsForItsOrder) {
  auto r = resolve_references(parse("order.returned"), "p8f3a21", *ids);
  ASSERT_TRUE(r.waiting_for);
  EXPECT_EQ(*r.waiting_for, "order ORD-5001");
}

// The sample order in the ledger, delivered as SO9 (lines SO9-1, SO9-2) for customer C7, and
// the sample cancel (L2 x1) accepted.
class OrderContextTest : public ReferenceResolverTest {
 protected:
  void SetUp() override {
    auto& ledger = store->ledger();
    ids->put_all("p8f3a21", {{EntityKind::customer, "cu_1001", "C7"}});
    ledger.admit("p8f3a21", "o", ledger_entry(parse("order.created")));
    ledger.record_delivered(
        "p8f3a21", "order.created", "ORD-5001",
        {{EntityKind::order, "ORD-5001", "SO9"},
         {EntityKind::order_line, store::order_line_key("ORD-5001", "L1"), "SO9-1"},
         {EntityKind::order_line, store::order_line_key("ORD-5001", "L2"), "SO9-2"}});
  }
  ResolvedRefs resolve(const std::string& sample_name) {
    const auto event = parse(sample_name);
    store->ledger().admit("p8f3a21", event.event_id, ledger_entry(event));
    auto order = store->ledger().order("p8f3a21", "ORD-5001");
    EXPECT_TRUE(order);
    return resolve_references(event, "p8f3a21", *ids, &*order);
  }
};

TEST_F(OrderContextTest, CancelGetsEveryLineWithPricesQuantitiesAndWhatItMoves) {
  auto r = resolve("order.cancelled");
  ASSERT_FALSE(r.waiting_for);
  EXPECT_EQ(r.refs.at("customer_erp_id").as_string(), "C7");
  EXPECT_EQ(r.refs.at("customer_id").as_string(), "cu_1001");
  EXPECT_EQ(r.refs.at("order_erp_id").as_string(), "SO9");
  EXPECT_EQ(r.refs.at("order_state").as_string(), "open");
  EXPECT_EQ(r.refs.at("line_ids"), (json::array{"L1", "L2"}));
  EXPECT_EQ(r.refs.at("line_erp_ids").at("L1").as_string(), "SO9-1");  // not only the named one
  const auto& l1 = r.refs.at("lines").at("L1").as_object();
  EXPECT_EQ(l1.at("sku").as_string(), "TSHIRT-BLU-M");
  EXPECT_EQ(l1.at("erp_id").as_string(), "SO9-1");
  EXPECT_EQ(l1.at("unit_price").as_string(), "499.00");
  EXPECT_EQ(l1.at("discount").as_string(), "50.00");
  EXPECT_EQ(l1.at("tax_rate").as_string(), "12");
  EXPECT_EQ(l1.at("line_total").as_string(), "948.00");
  EXPECT_EQ(l1.at("ordered_quantity").as_int64(), 2);
  EXPECT_EQ(l1.at("remaining_after_quantity").as_int64(), 2);
  const auto& l2 = r.refs.at("lines").at("L2").as_object();
  EXPECT_EQ(l2.at("cancelled_quantity").as_int64(), 0);  // before this cancel
  EXPECT_EQ(l2.at("moved_quantity").as_int64(), 1);
  EXPECT_EQ(l2.at("remaining_after_quantity").as_int64(), 0);
  const auto& moves = r.refs.at("moves").as_array();
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0].at("line_id").as_string(), "L2");
  EXPECT_EQ(moves[0].at("quantity").as_int64(), 1);
  EXPECT_EQ(moves[0].at("erp_id").as_string(), "SO9-2");
  EXPECT_FALSE(r.refs.at("empties_order").as_bool());
}

TEST_F(OrderContextTest, ReturnAfterTheCancelSeesItAndGetsTheOrdersCustomer) {
  store->ledger().admit("p8f3a21", "c", ledger_entry(parse("order.cancelled")));
  store->ledger().record_delivered("p8f3a21", "order.cancelled", "CX-1",
                                   {{EntityKind::cancellation, "CX-1", "done"}});
  auto r = resolve("order.returned");
  EXPECT_EQ(r.refs.at("customer_erp_id").as_string(), "C7");
  const auto& l2 = r.refs.at("lines").at("L2").as_object();
  EXPECT_EQ(l2.at("cancelled_quantity").as_int64(), 1);
  EXPECT_EQ(l2.at("remaining_quantity").as_int64(), 0);
  EXPECT_EQ(l2.at("cancellation_ids"), (json::array{"CX-1"}));
  const auto& l1 = r.refs.at("lines").at("L1").as_object();
  EXPECT_EQ(l1.at("moved_quantity").as_int64(), 1);
  EXPECT_EQ(l1.at("remaining_after_quantity").as_int64(), 1);
  EXPECT_FALSE(r.refs.at("empties_order").as_bool());
}

TEST_F(OrderContextTest, FullCancelEmptiesTheOrder) {
  auto event = parse("order.cancelled");
  event.data["scope"] = "full";
  event.data.erase("items");
  store->ledger().admit("p8f3a21", event.event_id, ledger_entry(event));
  auto order = store->ledger().order("p8f3a21", "ORD-5001");
  auto r = resolve_references(event, "p8f3a21", *ids, &*order);
  EXPECT_TRUE(r.refs.at("empties_order").as_bool());
  EXPECT_EQ(r.refs.at("moves").as_array().size(), 2u);
}

TEST_F(OrderContextTest, OrderCreatedGetsItsLinesWithNothingMoved) {
  auto order = store->ledger().order("p8f3a21", "ORD-5001");
  auto r = resolve_references(parse("order.created"), "p8f3a21", *ids, &*order);
  EXPECT_EQ(r.refs.at("customer_erp_id").as_string(), "C7");
  EXPECT_EQ(r.refs.at("lines").as_object().size(), 2u);
  EXPECT_TRUE(r.refs.at("moves").as_array().empty());
  EXPECT_FALSE(r.refs.at("empties_order").as_bool());
}

}  // namespace
}  // namespace erpbridge::pipeline
