// Who is pushing sync-back changes (POST /v1/erp/...): a tenant's ERP, proven by one of the
// tenant's `commerceup.push.credentials`. Deliberately a separate list from `inbound:`: the
// facade's credential (Commerceup's) does not work here, and a push credential does not work
// on the facade. load_tenant_configs guarantees a push credential belongs to one tenant.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/tenant_authenticator.hpp"
#include "config/tenant_config.hpp"

namespace erpbridge::api {

// The tenant one of whose push credentials has exactly this kind, username and secret, or
// nullopt (a CredentialIndex of `tenants`' push credentials, built for this one call). A
// running service asks authenticate_tenant(presented, runtime, CredentialList::erp_push),
// whose index is kept per config snapshot.
std::optional<std::string> authenticate_erp_pusher(
    const PresentedCredential& presented, const std::vector<const config::TenantConfig*>& tenants);

}  // namespace erpbridge::api
