// SqliteDb's statement cache: a finished statement is reused for the same SQL text, clean
// (no rows pending, no bindings left), and two statements of one text can be open at once.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "store/sqlite/sqlite_db.hpp"

namespace erpbridge::store {
namespace {

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = std::filesystem::temp_directory_path() /
            ("sqlite_db_test_" + std::to_string(std::random_device{}()) + ".db");
    db_ = std::make_unique<SqliteDb>(file_);
    db_->exec("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)");
  }
  void TearDown() override {
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(file_.string() + suffix);
  }

  std::filesystem::path file_;
  std::unique_ptr<SqliteDb> db_;
};

TEST_F(SqliteDbTest, AReusedStatementStartsWithoutTheLastCallsBindings) {
  db_->prepare("INSERT INTO t (k, v) VALUES (?1, ?2)").bind(1, "a").bind(2, "first").step();
  // The same text again: ?2 left unbound must be NULL, not the previous call's "first".
  db_->prepare("INSERT INTO t (k, v) VALUES (?1, ?2)").bind(1, "b").step();
  auto read = db_->prepare("SELECT v FROM t WHERE k = ?1");
  read.bind(1, "b");
  ASSERT_TRUE(read.step());
  EXPECT_TRUE(read.column_is_null(0));
}

TEST_F(SqliteDbTest, AStatementLeftMidResultIsResetBeforeItIsReused) {
  for (const char* k : {"a", "b", "c"})
    db_->prepare("INSERT INTO t (k) VALUES (?1)").bind(1, k).step();
  {
    auto first = db_->prepare("SELECT k FROM t ORDER BY k");
    ASSERT_TRUE(first.step());  // stops after one row of three
  }
  auto again = db_->prepare("SELECT k FROM t ORDER BY k");
  ASSERT_TRUE(again.step());
  EXPECT_EQ(again.column_text(0), "a");
}

TEST_F(SqliteDbTest, TwoOpenStatementsOfOneTextAreIndependent) {
  for (const char* k : {"a", "b"}) db_->prepare("INSERT INTO t (k) VALUES (?1)").bind(1, k).step();
  auto outer = db_->prepare("SELECT k FROM t WHERE k = ?1");
  auto inner = db_->prepare("SELECT k FROM t WHERE k = ?1");
  outer.bind(1, "a");
  inner.bind(1, "b");
  ASSERT_TRUE(outer.step());
  ASSERT_TRUE(inner.step());
  EXPECT_EQ(outer.column_text(0), "a");
  EXPECT_EQ(inner.column_text(0), "b");
}

TEST_F(SqliteDbTest, ATransactionNotCommittedRollsBackEveryTime) {
  for (int i = 0; i < 3; ++i) {
    SqliteTransaction tx(*db_);
    db_->prepare("INSERT INTO t (k) VALUES (?1)").bind(1, "x" + std::to_string(i)).step();
  }
  {
    SqliteTransaction tx(*db_);
    db_->prepare("INSERT INTO t (k) VALUES ('kept')").step();
    tx.commit();
  }
  auto count = db_->prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.column_int(0), 1);
}

}  // namespace
}  // namespace erpbridge::store
