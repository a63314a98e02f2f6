// How open_sqlite_store builds a store's roles on one shared writer connection. Internal to
// core/store/sqlite.
#pragma once

#include <filesystem>
#include <memory>

#include "store/id_map.hpp"
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

// Creates the schema (outbox, id map, pull cursors) on `writer` first.
std::unique_ptr<SqliteOutboxRoles> make_sqlite_outbox(std::shared_ptr<SqliteConnection> writer,
                                                      const std::filesystem::path& file,
                                                      SyncLevel sync);
std::unique_ptr<IdMap> make_sqlite_id_map(std::shared_ptr<SqliteConnection> connection);

}  // namespace erpbridge::store
