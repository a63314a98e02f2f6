// Who is calling: a tenant is identified by the credential it presents, never by a header
// alone (DESIGN.md principle 6). Each tenant file's `inbound:` list names the credentials that
// prove it; load_tenant_configs guarantees that no credential belongs to two tenants, so a
// credential maps to at most one tenant. A tenant's credential presented for another tenant's
// event simply authenticates as its owner, and the handler then refuses the event (403).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/api_exchange.hpp"
#include "config/tenant_config.hpp"

namespace erpbridge::api {

// What the caller sent. `kind` none: no credential at all.
struct PresentedCredential {
  http::AuthKind kind = http::AuthKind::none;
  std::string username;
  std::string secret;      // password or token; never logged
  bool malformed = false;  // an Authorization header we cannot read: rejected like a wrong one
};

// Authorization: Basic <base64 user:password> or Bearer <token>; otherwise the `username` and
// `password` headers (Commerceup's convention). Authorization wins when both are present.
PresentedCredential read_credential(const Headers& headers);

// The tenant one of whose inbound credentials has exactly this kind, username and secret, or
// nullopt. Every credential of every tenant is compared, secrets in constant time, so neither
// the answer nor its timing tells a wrong password from an unknown user.
std::optional<std::string> authenticate_tenant(
    const PresentedCredential& presented, const std::vector<const config::TenantConfig*>& tenants);

}  // namespace erpbridge::api
