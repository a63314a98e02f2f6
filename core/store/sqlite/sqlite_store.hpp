// The SQLite store: every role over one database file. Internal to core/store; the host opens
// it through open_store (store/store.hpp).
#pragma once

#include <memory>

#include "store/store.hpp"

namespace erpbridge::store {

std::unique_ptr<Store> open_sqlite_store(const StoreConfig& config);

}  // namespace erpbridge::store
