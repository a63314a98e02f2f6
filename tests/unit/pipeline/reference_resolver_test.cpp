#include <gtest/gtest.h>

#include "events/event.hpp"
#include "pipeline/reference_resolver.hpp"
#include "store/store.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::pipeline {
namespace {

using erpbridge::testing::sample;
using store::EntityKind;

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

}  // namespace
}  // namespace erpbridge::pipeline
