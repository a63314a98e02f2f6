// How open_sqlite_store builds a store's roles on one shared writer connection. Internal to
// core/store/sqlite.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

#include "store/id_map.hpp"
#include "store/retention.hpp"
#include "store/roles.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace erpbridge::store {

// Every outbox role of one SQLite file.
class SqliteOutboxRoles : public EventIntake,
                          public WorkClaims,
                          public OutcomeWriter,
                          public DeadLetters,
                          public EventStatus,
                          public PullCursors {};

// Creates the schema (outbox, id map, pull cursors) on `writer` first. `clock` gives the
// times rows are stamped with (unix ms).
std::unique_ptr<SqliteOutboxRoles> make_sqlite_outbox(std::shared_ptr<SqliteConnection> writer,
                                                      const std::filesystem::path& file,
                                                      SyncLevel sync,
                                                      std::function<std::int64_t()> clock);
std::unique_ptr<IdMap> make_sqlite_id_map(std::shared_ptr<SqliteConnection> connection);
// After make_sqlite_outbox (it indexes the outbox's delivered rows).
std::unique_ptr<Retention> make_sqlite_retention(std::shared_ptr<SqliteConnection> writer,
                                                 const std::filesystem::path& file);

}  // namespace erpbridge::store
