// Who is calling: a tenant is identified by the credential it presents, never by a header
// alone (DESIGN.md principle 6). Each tenant file's `inbound:` list names the credentials that
// prove it; load_tenant_configs guarantees that no credential belongs to two tenants, so a
// credential maps to at most one tenant. A tenant's credential presented for another tenant's
// event simply authenticates as its owner, and the handler then refuses the event (403).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/api_exchange.hpp"
#include "api/presented_credential.hpp"
#include "config/tenant_config.hpp"

namespace erpbridge::service {
struct Runtime;
}

namespace erpbridge::api {

// Every inbound credential of a set of tenants, keyed by the SHA-256 of (kind, username,
// secret). Finding a caller costs one digest and one hash lookup, however many tenants there
// are, and the lookup compares digests, never the secret, so its timing tells nothing about
// the secret and a wrong password reads exactly like an unknown user.
class CredentialIndex {
 public:
  // A credential already added keeps its first tenant (load_tenant_configs forbids two).
  void add(const std::string& tenant_id, const config::InboundCredential& credential);
  std::optional<std::string> find(const PresentedCredential& presented) const;

 private:
  std::unordered_map<std::string, std::string> tenants_;  // digest -> tenant id
};

// Which of a tenant's credential lists a caller must match: Commerceup's (`inbound:`) on the
// facade and /v1/events, the ERP's (`commerceup.push.credentials`) on /v1/erp/....
enum class CredentialList { inbound, erp_push };
const std::vector<config::InboundCredential>& credentials_of(const config::TenantConfig& tenant,
                                                             CredentialList list);

// The tenant one of whose inbound credentials has exactly this kind, username and secret, or
// nullopt. Builds the index of `tenants` for this one call.
std::optional<std::string> authenticate_tenant(
    const PresentedCredential& presented, const std::vector<const config::TenantConfig*>& tenants);

// The same against a running config and one credential list: the index of `runtime`'s
// tenants is built on the first call and kept until another runtime (a reload) is asked about.
std::optional<std::string> authenticate_tenant(
    const PresentedCredential& presented, const std::shared_ptr<const service::Runtime>& runtime,
    CredentialList list = CredentialList::inbound);

}  // namespace erpbridge::api
