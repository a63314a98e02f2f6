// The store the host file names (its `store:` section), as open_store takes it.
#pragma once

#include <optional>

#include "config/host_config.hpp"
#include "store/store.hpp"

namespace erpbridge::service {

// `sync` overrides store.synchronous (tests, benchmarks); an unknown level reads as normal
// (the host file's loader has refused it already).
store::StoreConfig store_config(const config::HostConfig& host,
                                std::optional<store::SyncLevel> sync = std::nullopt);

}  // namespace erpbridge::service
