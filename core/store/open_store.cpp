// The one place that chooses a store implementation.
#include <memory>

#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace erpbridge::store {

std::unique_ptr<Store> open_store(const StoreConfig& config) {
  return open_sqlite_store(config);
}

}  // namespace erpbridge::store
