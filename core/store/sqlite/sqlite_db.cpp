#include "store/sqlite/sqlite_db.hpp"

#include <sqlite3.h>

#include <stdexcept>

namespace erpbridge::store {

namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  throw std::runtime_error("sqlite: " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

SqliteDb::SqliteDb(const std::filesystem::path& file) : file_(file) {
  if (file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec)
      throw std::runtime_error("sqlite: cannot create the folder of " + file.string() + ": " +
                               ec.message());
  }
  int rc =
      sqlite3_open_v2(file.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("sqlite: cannot open " + file.string() + ": " + message);
  }
  // Several processes (serve, the CLI) may share the file; wait rather than fail on a lock.
  sqlite3_busy_timeout(db_, 5000);
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL");
  exec("PRAGMA foreign_keys=ON");
  // No mmap: the outbox file grows with every event, and SQLite remaps the whole file on each
  // growth, which cost more (munmap, TLB shootdowns, page faults) than the pread() calls it
  // saves. A checkpoint every 10,000 WAL pages (about 40 MB) rather than 1,000, for the
  // connections that checkpoint themselves (the CLI's): a hot page (an index root, the id
  // map) written many times between two checkpoints is copied into the database once. The
  // service's writer switches this off and leaves checkpoints to store::WalCheckpointer.
  exec("PRAGMA wal_autocheckpoint=10000");
  exec("PRAGMA temp_store=MEMORY");
}

SqliteDb::~SqliteDb() {
  for (auto& [sql, stmts] : idle_)
    for (sqlite3_stmt* stmt : stmts) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void SqliteDb::exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw std::runtime_error("sqlite: " + text + " in: " + sql.substr(0, 80));
  }
}

SqliteStatement SqliteDb::prepare(std::string_view sql) {
  {
    std::lock_guard lock(idle_mutex_);
    auto it = idle_.find(std::string(sql));
    if (it != idle_.end() && !it->second.empty()) {
      sqlite3_stmt* cached = it->second.back();
      it->second.pop_back();
      return SqliteStatement(db_, cached, this);
    }
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK)
    fail(db_, "prepare " + std::string(sql.substr(0, 80)));
  return SqliteStatement(db_, stmt, this);
}

void SqliteDb::give_back(sqlite3_stmt* stmt) noexcept {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  try {
    std::lock_guard lock(idle_mutex_);
    idle_[sqlite3_sql(stmt)].push_back(stmt);
  } catch (...) {
    sqlite3_finalize(stmt);  // out of memory: the statement is simply not cached
  }
}

int SqliteDb::user_version() {
  auto stmt = prepare("PRAGMA user_version");
  stmt.step();
  return static_cast<int>(stmt.column_int(0));
}

int SqliteDb::changes() {
  return sqlite3_changes(db_);
}

std::int64_t SqliteDb::last_insert_rowid() {
  return sqlite3_last_insert_rowid(db_);
}

// BEGIN, COMMIT and ROLLBACK run as cached statements: sqlite3_exec would parse them anew on
// every transaction.
SqliteTransaction::SqliteTransaction(SqliteDb& db, bool immediate) : db_(db) {
  db_.prepare(immediate ? "BEGIN IMMEDIATE" : "BEGIN").step();
}

SqliteTransaction::~SqliteTransaction() {
  if (!open_) return;
  try {
    db_.prepare("ROLLBACK").step();
  } catch (...) {
    // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); nothing to undo.
  }
}

void SqliteTransaction::commit() {
  db_.prepare("COMMIT").step();
  open_ = false;
}

SqliteStatement::~SqliteStatement() {
  if (stmt_ == nullptr) return;
  if (owner_) {
    owner_->give_back(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), owner_(other.owner_) {
  other.stmt_ = nullptr;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    fail(db_, "bind");
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

bool SqliteStatement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "step");
}

std::string SqliteStatement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  return text ? std::string(reinterpret_cast<const char*>(text),
                            static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)))
              : std::string();
}

std::int64_t SqliteStatement::column_int(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

bool SqliteStatement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

}  // namespace erpbridge::store
