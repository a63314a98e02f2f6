#include <gtest/gtest.h>
#include <sqlite3.h>

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

TEST(SqliteIdMap, PutAllWritesEveryEntryForTheTenant) {
  erpbridge::testing::TempDir dir;
  auto file = dir.path() / "store.db";
  open_sqlite_id_map(file)->put_all(
      "p1", {{EntityKind::order, "ORD-1", "SO1"},
             {EntityKind::order_line, order_line_key("ORD-1", "L1"), "SO1-10"},
             {EntityKind::order_line, order_line_key("ORD-1", "L2"), "SO1-20"}});
  auto reopened = open_sqlite_id_map(file);
  EXPECT_EQ(reopened->get("p1", EntityKind::order, "ORD-1"), "SO1");
  EXPECT_EQ(reopened->get("p1", EntityKind::order_line, order_line_key("ORD-1", "L1")), "SO1-10");
  EXPECT_EQ(reopened->get("p1", EntityKind::order_line, order_line_key("ORD-1", "L2")), "SO1-20");
  EXPECT_FALSE(reopened->get("p2", EntityKind::order, "ORD-1"));
}

TEST(SqliteIdMap, PutAllReplacesEarlierErpIds) {
  erpbridge::testing::TempDir dir;
  auto ids = open_sqlite_id_map(dir.path() / "store.db");
  ids->put("p1", EntityKind::order, "ORD-1", "SO1");
  ids->put_all("p1", {{EntityKind::order, "ORD-1", "SO2"}, {EntityKind::customer, "cu_1", "C1"}});
  EXPECT_EQ(ids->get("p1", EntityKind::order, "ORD-1"), "SO2");
  EXPECT_EQ(ids->get("p1", EntityKind::customer, "cu_1"), "C1");
}

// A write failing half-way (here a trigger refusing one row; in production a full disk or an
// I/O error) must not leave an order mapped without its lines.
TEST(SqliteIdMap, PutAllWritesNothingWhenOneEntryFails) {
  erpbridge::testing::TempDir dir;
  auto file = dir.path() / "store.db";
  auto ids = open_sqlite_id_map(file);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "CREATE TRIGGER refuse_poison BEFORE INSERT ON id_map "
                         "WHEN NEW.erp_id = 'poison' BEGIN SELECT RAISE(ABORT, 'refused'); END",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);

  EXPECT_THROW(
      ids->put_all("p1", {{EntityKind::order, "ORD-1", "SO1"},
                          {EntityKind::order_line, order_line_key("ORD-1", "L1"), "poison"},
                          {EntityKind::order_line, order_line_key("ORD-1", "L2"), "SO1-20"}}),
      std::exception);
  EXPECT_FALSE(ids->get("p1", EntityKind::order, "ORD-1"));
  EXPECT_FALSE(ids->get("p1", EntityKind::order_line, order_line_key("ORD-1", "L2")));

  // The connection is usable afterwards: the failed batch left no transaction open.
  ids->put_all("p1", {{EntityKind::order, "ORD-1", "SO1"},
                      {EntityKind::order_line, order_line_key("ORD-1", "L1"), "SO1-10"}});
  EXPECT_EQ(ids->get("p1", EntityKind::order_line, order_line_key("ORD-1", "L1")), "SO1-10");
}

TEST(SqliteIdMap, PutAllOfNothingWritesNothing) {
  erpbridge::testing::TempDir dir;
  auto ids = open_sqlite_id_map(dir.path() / "store.db");
  ids->put_all("p1", {});
  EXPECT_FALSE(ids->find_our_id("p1", EntityKind::order, "SO1"));
}

}  // namespace
}  // namespace erpbridge::store
