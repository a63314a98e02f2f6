// A thin RAII layer over the SQLite C API: a connection and prepared statements that throw
// std::runtime_error with SQLite's message. Used only by the store implementations.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

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
  SqliteStatement prepare(std::string_view sql);
  int user_version();
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::filesystem::path file_;
};

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
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
};

}  // namespace erpbridge::store
