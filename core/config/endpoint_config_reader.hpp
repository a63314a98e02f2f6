// A tenant's `connection:` map: how the host's HTTP client reaches the ERP. Internal.
#pragma once

#include "config/config_section.hpp"
#include "http/endpoint_config.hpp"

namespace erpbridge::config::detail {

const std::vector<std::string>& connection_keys();

http::EndpointConfig read_endpoint(const Section& connection);

}  // namespace erpbridge::config::detail
