// The pull cursor of each tenant (docs/sync-back.md): the opaque position an adapter's
// pull_changes handed back last, kept in the outbox's SQLite file so it can be written in the
// same transaction as the rows it pulled. Internal to core/store/sqlite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/sqlite/sqlite_db.hpp"

namespace erpbridge::store {

void create_pull_cursor_schema(SqliteDb& db);
std::optional<std::string> read_pull_cursor(SqliteDb& db, const std::string& tenant);
// Inside the caller's transaction, so the cursor commits with the rows.
void write_pull_cursor(SqliteDb& db, const std::string& tenant, const std::string& cursor,
                       std::int64_t now_ms);

}  // namespace erpbridge::store
