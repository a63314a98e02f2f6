// How open_sqlite_store builds an outbox and an id map on one shared connection. Internal to
// core/store.
#pragma once

#include <memory>

#include "store/id_map.hpp"
#include "store/outbox.hpp"
#include "store/sqlite_connection.hpp"

namespace erpbridge::store {

std::unique_ptr<IdMap> open_sqlite_id_map(std::shared_ptr<SqliteConnection> connection);
std::unique_ptr<Outbox> open_sqlite_outbox(std::shared_ptr<SqliteConnection> writer,
                                           const std::filesystem::path& file, SyncLevel sync);

}  // namespace erpbridge::store
