// Every ${env:..}/${file:..} reference of a config file that does not resolve, found in one
// pass, so `check-config` can list them all: loading stops at the first.
#pragma once

#include <filesystem>
#include <vector>

#include "config/config_error.hpp"

namespace erpbridge::config {

// One ConfigError per failing reference, as loading the file would throw it (same file, line,
// key and problem; never a value), in file order. Empty when every reference resolves, or when
// the file cannot be read or parsed (loading reports that).
std::vector<ConfigError> unresolved_references(const std::filesystem::path& file);

}  // namespace erpbridge::config
