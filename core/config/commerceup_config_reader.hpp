// Reads a tenant's `commerceup:` section (config/commerceup_settings.hpp). Internal.
#pragma once

#include <string>
#include <vector>

#include "config/commerceup_settings.hpp"
#include "config/config_section.hpp"

namespace erpbridge::config::detail {

const std::vector<std::string>& commerceup_keys();
CommerceupSettings read_commerceup(const Section& commerceup, const std::string& tenant_id);

}  // namespace erpbridge::config::detail
