#include "service/commerceup_endpoint.hpp"

#include <stdexcept>

#include "config/config_error.hpp"

namespace erpbridge::service {

std::shared_ptr<http::Endpoint> make_commerceup_endpoint(const config::TenantConfig& tenant) {
  if (!tenant.commerceup.enabled) return nullptr;
  try {
    return std::make_shared<http::Endpoint>(tenant.commerceup.endpoint);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(tenant.file.string(), tenant.commerceup.line, "commerceup", e.what());
  }
}

}  // namespace erpbridge::service
