#include <gtest/gtest.h>

#include "store/id_map.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::store {
namespace {

TEST(SqliteIdMap, RemembersErpIdsAcrossReopen) {
  erpbridge::testing::TempDir dir;
  auto file = dir.path() / "store.db";
  open_sqlite_id_map(file)->put("p1", EntityKind::customer, "cu_1", "C000001");
  auto reopened = open_sqlite_id_map(file);
  EXPECT_EQ(reopened->get("p1", EntityKind::customer, "cu_1"), "C000001");
}

TEST(SqliteIdMap, KeepsTenantsApart) {
  erpbridge::testing::TempDir dir;
  auto ids = open_sqlite_id_map(dir.path() / "store.db");
  ids->put("p1", EntityKind::order, "ORD-1", "SO1");
  EXPECT_FALSE(ids->get("p2", EntityKind::order, "ORD-1"));
  EXPECT_FALSE(ids->get("p1", EntityKind::customer, "ORD-1"));
}

TEST(SqliteIdMap, LaterPutReplacesTheErpId) {
  erpbridge::testing::TempDir dir;
  auto ids = open_sqlite_id_map(dir.path() / "store.db");
  ids->put("p1", EntityKind::order, "ORD-1", "SO1");
  ids->put("p1", EntityKind::order, "ORD-1", "SO2");
  EXPECT_EQ(ids->get("p1", EntityKind::order, "ORD-1"), "SO2");
}

TEST(SqliteIdMap, UnwritablePathThrowsWithTheFileName) {
  try {
    open_sqlite_id_map("/proc/erpbridge/nope.db");
    FAIL() << "expected an exception";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("nope.db"), std::string::npos) << e.what();
  }
}

TEST(SqliteIdMap, FindsOurIdFromTheErpIdWithinTenantAndKind) {
  erpbridge::testing::TempDir dir;
  auto ids = open_sqlite_id_map(dir.path() / "store.db");
  ids->put("p1", EntityKind::order, "ORD-1", "SO1");
  ids->put("p1", EntityKind::order, "ORD-2", "SO2");
  ids->put("p2", EntityKind::order, "ORD-9", "SO1");
  ids->put("p1", EntityKind::customer, "cu_1", "SO3");
  EXPECT_EQ(ids->find_our_id("p1", EntityKind::order, "SO1"), "ORD-1");
  EXPECT_EQ(ids->find_our_id("p1", EntityKind::order, "SO2"), "ORD-2");
  EXPECT_EQ(ids->find_our_id("p2", EntityKind::order, "SO1"), "ORD-9");
  EXPECT_FALSE(ids->find_our_id("p1", EntityKind::order, "SO3"));
  EXPECT_FALSE(ids->find_our_id("p3", EntityKind::order, "SO1"));
}

TEST(SqliteIdMap, ReverseLookupSurvivesReopen) {
  erpbridge::testing::TempDir dir;
  auto file = dir.path() / "store.db";
  open_sqlite_id_map(file)->put("p1", EntityKind::order, "ORD-1", "SO1");
  EXPECT_EQ(open_sqlite_id_map(file)->find_our_id("p1", EntityKind::order, "SO1"), "ORD-1");
}

}  // namespace
}  // namespace erpbridge::store
