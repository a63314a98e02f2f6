// A thin RAII layer over the SQLite C API: a connection and prepared statements that throw
// std::runtime_error with SQLite's message. Used only by the store implementations.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace erpbridge::store {

class SqliteStatement;

class SqliteDb {
 public:
  // Opens or creates `file` in WAL mode with a busy timeout.
  explicit SqliteDb(const std::filesystem::path& file);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void exec(const std::string& sql);
  // A statement for `sql`: a cached one when an earlier statement for the same text was
  // finished with (reset, bindings cleared), else a new one. Parsing and planning a statement
  // cost more than running the short ones the store uses (docs/benchmarks.md).
  SqliteStatement prepare(std::string_view sql);
  int user_version();
  // Rows changed by the last INSERT/UPDATE/DELETE on this connection, and the rowid of the
  // last INSERT: how an upsert tells "stored" from "already there" without a second query.
  int changes();
  std::int64_t last_insert_rowid();
  sqlite3* handle() { return db_; }

 private:
  friend class SqliteStatement;
  // Takes a finished statement back for the next prepare() of the same text. Never throws.
  void give_back(sqlite3_stmt* stmt) noexcept;

  sqlite3* db_ = nullptr;
  std::filesystem::path file_;
  std::mutex idle_mutex_;  // the cache only; callers still serialise use of the connection
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>> idle_;  // by SQL text
};

class SqliteStatement {
 public:
  // With an `owner`, the statement goes back to its cache instead of being finalized; it must
  // then not outlive the owner.
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, SqliteDb* owner = nullptr)
      : db_(db), stmt_(stmt), owner_(owner) {}
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  SqliteStatement& operator=(SqliteStatement&&) = delete;

  SqliteStatement& bind(int index, std::string_view text);
  SqliteStatement& bind(int index, std::int64_t value);
  // Runs one step; true while a row is available.
  bool step();
  std::string column_text(int index) const;
  std::int64_t column_int(int index) const;
  bool column_is_null(int index) const;
  void reset();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  SqliteDb* owner_;
};

// A transaction that rolls back unless commit() was called, so an exception (a full disk, a
// failed statement) never leaves the connection inside a half-done transaction.
class SqliteTransaction {
 public:
  // `immediate` takes the write lock at once (BEGIN IMMEDIATE), so a read-then-write
  // transaction cannot fail half-way because another connection wrote in between.
  explicit SqliteTransaction(SqliteDb& db, bool immediate = true);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit();

 private:
  SqliteDb& db_;
  bool open_ = true;
};

}  // namespace erpbridge::store
