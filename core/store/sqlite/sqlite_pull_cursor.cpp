#include "store/sqlite/sqlite_pull_cursor.hpp"

namespace erpbridge::store {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS pull_cursor (
  tenant     TEXT PRIMARY KEY,
  cursor     TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

constexpr const char* kRead = "SELECT cursor FROM pull_cursor WHERE tenant = ?1";

constexpr const char* kWrite =
    "INSERT INTO pull_cursor (tenant, cursor, updated_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (tenant) DO UPDATE SET cursor = excluded.cursor, "
    "updated_at = excluded.updated_at";

}  // namespace

void create_pull_cursor_schema(SqliteDb& db) {
  db.exec(kSchema);
}

// Prepared per call: a tenant pulls once per interval, so caching buys nothing.
std::optional<std::string> read_pull_cursor(SqliteDb& db, const std::string& tenant) {
  auto s = db.prepare(kRead);
  s.bind(1, tenant);
  if (!s.step()) return std::nullopt;
  return s.column_text(0);
}

void write_pull_cursor(SqliteDb& db, const std::string& tenant, const std::string& cursor,
                       std::int64_t now_ms) {
  auto s = db.prepare(kWrite);
  s.bind(1, tenant).bind(2, cursor).bind(3, now_ms);
  s.step();
}

}  // namespace erpbridge::store
