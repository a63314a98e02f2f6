#include "api/erp_push_authenticator.hpp"

namespace erpbridge::api {

std::optional<std::string> authenticate_erp_pusher(
    const PresentedCredential& presented, const std::vector<const config::TenantConfig*>& tenants) {
  CredentialIndex index;
  for (const config::TenantConfig* tenant : tenants)
    for (const config::InboundCredential& c : credentials_of(*tenant, CredentialList::erp_push))
      index.add(tenant->id, c);
  return index.find(presented);
}

}  // namespace erpbridge::api
