#include "api/tenant_authenticator.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstdint>
#include <mutex>

#include "service/runtime.hpp"

namespace erpbridge::api {

namespace {

// Length-prefixed, so ("ab", "c") and ("a", "bc") are different keys.
std::string credential_digest(http::AuthKind kind, const std::string& username,
                              const std::string& secret) {
  std::string text(1, static_cast<char>(kind));
  const std::uint64_t size = username.size();
  text.append(reinterpret_cast<const char*>(&size), sizeof size);
  text += username;
  text += secret;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  OPENSSL_cleanse(text.data(), text.size());
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

}  // namespace

void CredentialIndex::add(const std::string& tenant_id, const config::InboundCredential& c) {
  if (c.kind == http::AuthKind::none) return;
  const std::string& secret =
      c.kind == http::AuthKind::bearer ? c.token.reveal() : c.password.reveal();
  const std::string& username = c.kind == http::AuthKind::bearer ? std::string() : c.username;
  tenants_.try_emplace(credential_digest(c.kind, username, secret), tenant_id);
}

std::optional<std::string> CredentialIndex::find(const PresentedCredential& presented) const {
  if (presented.kind == http::AuthKind::none) return std::nullopt;
  const std::string& username =
      presented.kind == http::AuthKind::bearer ? std::string() : presented.username;
  auto it = tenants_.find(credential_digest(presented.kind, username, presented.secret));
  if (it == tenants_.end()) return std::nullopt;
  return it->second;
}

const std::vector<config::InboundCredential>& credentials_of(const config::TenantConfig& tenant,
                                                             CredentialList list) {
  static const std::vector<config::InboundCredential> kNone;
  if (list == CredentialList::inbound) return tenant.credentials;
  // Without sync back nobody may push, whatever credentials are left over.
  return tenant.commerceup.enabled ? tenant.commerceup.push.credentials : kNone;
}

std::optional<std::string> authenticate_tenant(
    const PresentedCredential& presented, const std::vector<const config::TenantConfig*>& tenants) {
  CredentialIndex index;
  for (const config::TenantConfig* tenant : tenants)
    for (const config::InboundCredential& c : tenant->credentials) index.add(tenant->id, c);
  return index.find(presented);
}

std::optional<std::string> authenticate_tenant(
    const PresentedCredential& presented, const std::shared_ptr<const service::Runtime>& runtime,
    CredentialList list) {
  // One cached index per list: the current runtime's. The weak_ptr names the runtime by its
  // control block, so a new runtime allocated where a freed one was is never mistaken for it.
  struct Cache {
    std::weak_ptr<const service::Runtime> indexed;
    std::shared_ptr<const CredentialIndex> index;
  };
  static std::mutex mutex;
  static Cache caches[2];
  Cache& cache = caches[list == CredentialList::inbound ? 0 : 1];
  std::shared_ptr<const CredentialIndex> index;
  {
    std::lock_guard lock(mutex);
    const bool same = !cache.indexed.owner_before(runtime) && !runtime.owner_before(cache.indexed);
    if (same && cache.index) index = cache.index;
  }
  if (!index) {
    auto built = std::make_shared<CredentialIndex>();
    for (const auto& [id, tenant] : runtime->tenants)
      for (const config::InboundCredential& c : credentials_of(tenant->config, list))
        built->add(id, c);
    index = built;
    std::lock_guard lock(mutex);
    cache.indexed = runtime;
    cache.index = index;
  }
  return index->find(presented);
}

}  // namespace erpbridge::api
