// The store contract, id-map part: Commerceup id <-> ERP id per tenant, written alone
// (put_all) or with a delivery's outcome. Instantiated per implementation
// (sqlite/sqlite_store_test.cpp).
#include "unit/store/store_contract.hpp"

namespace erpbridge::store::testing {
namespace {

NewEvent claimed_event(const std::string& tenant, const std::string& id, const std::string& entity,
                       const std::string& type) {
  NewEvent e{tenant, id, type, entity, entity.substr(entity.find(':') + 1), "{}"};
  e.claim = true;
  return e;
}

TEST_P(StoreContract, IdsSurviveReopening) {
  store_->ids().put_all("p1", {{EntityKind::customer, "cu_1", "C000001"}});
  store_.reset();
  EXPECT_EQ(reopen()->ids().get("p1", EntityKind::customer, "cu_1"), "C000001");
}

TEST_P(StoreContract, IdsAreKeptPerTenantAndKind) {
  store_->ids().put_all("p1", {{EntityKind::order, "ORD-1", "SO1"}});
  EXPECT_EQ(store_->ids().get("p1", EntityKind::order, "ORD-1"), "SO1");
  EXPECT_FALSE(store_->ids().get("p2", EntityKind::order, "ORD-1"));
  EXPECT_FALSE(store_->ids().get("p1", EntityKind::customer, "ORD-1"));
}

TEST_P(StoreContract, PutAllWritesEveryEntryAndReplacesEarlierErpIds) {
  auto& ids = store_->ids();
  ids.put_all("p1", {{EntityKind::order, "ORD-1", "SO1"}});
  ids.put_all("p1", {{EntityKind::order, "ORD-1", "SO2"},
                     {EntityKind::order_line, order_line_key("ORD-1", "L1"), "SO2-10"},
                     {EntityKind::customer, "cu_1", "C1"}});
  EXPECT_EQ(ids.get("p1", EntityKind::order, "ORD-1"), "SO2");
  EXPECT_EQ(ids.get("p1", EntityKind::order_line, order_line_key("ORD-1", "L1")), "SO2-10");
  EXPECT_EQ(ids.get("p1", EntityKind::customer, "cu_1"), "C1");
}

TEST_P(StoreContract, PutAllOfNothingWritesNothing) {
  store_->ids().put_all("p1", {});
  EXPECT_FALSE(store_->ids().find_our_id("p1", EntityKind::order, "SO1"));
}

TEST_P(StoreContract, FindsOurIdFromTheErpIdWithinTenantAndKind) {
  auto& ids = store_->ids();
  ids.put_all("p1", {{EntityKind::order, "ORD-1", "SO1"},
                     {EntityKind::order, "ORD-2", "SO2"},
                     {EntityKind::customer, "cu_1", "SO3"}});
  ids.put_all("p2", {{EntityKind::order, "ORD-9", "SO1"}});
  EXPECT_EQ(ids.find_our_id("p1", EntityKind::order, "SO1"), "ORD-1");
  EXPECT_EQ(ids.find_our_id("p1", EntityKind::order, "SO2"), "ORD-2");
  EXPECT_EQ(ids.find_our_id("p2", EntityKind::order, "SO1"), "ORD-9");
  EXPECT_FALSE(ids.find_our_id("p1", EntityKind::order, "SO3"));
  EXPECT_FALSE(ids.find_our_id("p3", EntityKind::order, "SO1"));
}

TEST_P(StoreContract, DeliveredOrderAndItsLineIdsCommitWithTheOutcome) {
  auto r = accept({claimed_event("t1", "o", "order:ORD-1", "order.created")});
  ASSERT_TRUE(r[0].claimed);
  finish(*store_, delivered({r[0].event.seq}, 1, "SO1", "{}",
                            {{EntityKind::order, "ORD-1", "SO1"},
                             {EntityKind::order_line, order_line_key("ORD-1", "L1"), "10"}}));
  EXPECT_EQ(store_->ids().get("t1", EntityKind::order, "ORD-1"), "SO1");
  EXPECT_EQ(store_->ids().find_our_id("t1", EntityKind::order, "SO1"), "ORD-1");
  // Another store on the same data sees them too: they are committed, not cached.
  EXPECT_EQ(reopen()->ids().get("t1", EntityKind::order_line, order_line_key("ORD-1", "L1")), "10");
}

TEST_P(StoreContract, DeliveredIdsAreWrittenForTheGroupsOwnTenant) {
  auto r = accept({claimed_event("t2", "c", "customer:cu_1", "customer.created")});
  finish(*store_,
         delivered({r[0].event.seq}, 1, "C1", "{}", {{EntityKind::customer, "cu_1", "C1"}}));
  EXPECT_EQ(store_->ids().get("t2", EntityKind::customer, "cu_1"), "C1");
  EXPECT_FALSE(store_->ids().get("t1", EntityKind::customer, "cu_1"));
}

}  // namespace
}  // namespace erpbridge::store::testing
