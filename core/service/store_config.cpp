#include "service/store_config.hpp"

namespace erpbridge::service {

store::StoreConfig store_config(const config::HostConfig& host,
                                std::optional<store::SyncLevel> sync) {
  return {
      host.store_path,
      sync.value_or(store::parse_sync_level(host.store_sync).value_or(store::SyncLevel::normal))};
}

}  // namespace erpbridge::service
