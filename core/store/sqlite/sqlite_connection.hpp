// One SQLite connection and the mutex that serialises its use. The outbox's writer and the
// id map of one store share one (sqlite_store.cpp), so a delivery's outcome and the ids it
// created commit together, and no transaction starts with a page cache another connection's
// commit made stale. Internal to core/store/sqlite.
#pragma once

#include <filesystem>
#include <mutex>

#include "store/sqlite/sqlite_db.hpp"

namespace erpbridge::store {

struct SqliteConnection {
  explicit SqliteConnection(const std::filesystem::path& file) : db(file) {}
  std::mutex mutex;
  SqliteDb db;
};

}  // namespace erpbridge::store
