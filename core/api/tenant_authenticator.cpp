#include "api/tenant_authenticator.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <mutex>

#include "api/base64.hpp"
#include "service/runtime.hpp"

namespace erpbridge::api {

namespace {

// "Basic abc" -> ("basic", "abc"); the scheme is case-insensitive (RFC 9110).
std::pair<std::string, std::string> split_authorization(const std::string& value) {
  const std::size_t space = value.find(' ');
  std::string scheme = value.substr(0, space);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string rest = space == std::string::npos ? "" : value.substr(space + 1);
  rest.erase(0, rest.find_first_not_of(' '));
  while (!rest.empty() && rest.back() == ' ') rest.pop_back();
  return {scheme, rest};
}

PresentedCredential from_authorization(const std::string& value) {
  PresentedCredential out;
  auto [scheme, rest] = split_authorization(value);
  if (scheme == "bearer" && !rest.empty()) {
    out.kind = http::AuthKind::bearer;
    out.secret = rest;
    return out;
  }
  if (scheme == "basic") {
    auto decoded = base64_decode(rest);
    const std::size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon != std::string::npos) {
      out.kind = http::AuthKind::basic;
      out.username = decoded->substr(0, colon);
      out.secret = decoded->substr(colon + 1);
      return out;
    }
  }
  out.malformed = true;
  return out;
}

}  // namespace

PresentedCredential read_credential(const Headers& headers) {
  if (auto authorization = headers.get("Authorization")) return from_authorization(*authorization);
  auto username = headers.get("username");
  auto password = headers.get("password");
  PresentedCredential out;
  if (username && password) {
    out.kind = http::AuthKind::username_password;
    out.username = *username;
    out.secret = *password;
  } else if (username || password) {
    out.malformed = true;  // half a credential is a wrong credential, not an absent one
  }
  return out;
}

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
