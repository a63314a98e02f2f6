// The one place that chooses a store implementation.
#include <memory>

#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace erpbridge::store {

std::unique_ptr<Store> open_store(const StoreConfig& config) {
  return open_sqlite_store(config);
}

namespace {

// An id map that keeps its whole store open.
class StoreIdMap final : public IdMap {
 public:
  explicit StoreIdMap(std::unique_ptr<Store> store) : store_(std::move(store)) {}
  void put_all(const std::string& tenant, const std::vector<IdMapEntry>& entries) override {
    store_->ids().put_all(tenant, entries);
  }
  std::optional<std::string> get(const std::string& tenant, EntityKind kind,
                                 const std::string& our_id) const override {
    return store_->ids().get(tenant, kind, our_id);
  }
  std::optional<std::string> find_our_id(const std::string& tenant, EntityKind kind,
                                         const std::string& erp_id) const override {
    return store_->ids().find_our_id(tenant, kind, erp_id);
  }

 private:
  std::unique_ptr<Store> store_;
};

}  // namespace

std::unique_ptr<IdMap> open_sqlite_id_map(const std::filesystem::path& file) {
  return std::make_unique<StoreIdMap>(open_store({file, SyncLevel::normal}));
}

}  // namespace erpbridge::store
