#include "api/erp_push_authenticator.hpp"

#include "api/webhook_signature.hpp"

namespace erpbridge::api {

std::optional<std::string> authenticate_erp_pusher(
    const PresentedCredential& presented, const std::vector<const config::TenantConfig*>& tenants) {
  std::optional<std::string> found;
  if (presented.kind == http::AuthKind::none) return found;
  for (const config::TenantConfig* tenant : tenants) {
    if (!tenant->commerceup.enabled) continue;
    for (const config::InboundCredential& c : tenant->commerceup.push.credentials) {
      if (c.kind != presented.kind) continue;
      const std::string& expected =
          c.kind == http::AuthKind::bearer ? c.token.reveal() : c.password.reveal();
      // Both parts are always compared; `&` rather than `&&` so neither short-circuits.
      const bool same =
          (c.username == presented.username) & secrets_equal(expected, presented.secret);
      if (same && !found) found = tenant->id;
    }
  }
  return found;
}

}  // namespace erpbridge::api
