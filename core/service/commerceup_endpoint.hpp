// The host's HTTP endpoint for one tenant's Commerceup open API, built with the runtime
// snapshot so its connection pool lives (and is replaced) with the tenant's config.
#pragma once

#include <memory>

#include "config/tenant_config.hpp"
#include "http/http_client.hpp"

namespace erpbridge::service {

// x-api-key auth, base URL "<base_url>/<project hash>" (config::CommerceupSettings), or null
// when the tenant has no `commerceup:` section. Throws config::ConfigError on a bad base URL.
std::shared_ptr<http::Endpoint> make_commerceup_endpoint(const config::TenantConfig& tenant);

}  // namespace erpbridge::service
