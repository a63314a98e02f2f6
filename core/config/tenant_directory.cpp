// load_tenant_configs: every tenant file in a folder, and the checks that need them all.
#include <algorithm>
#include <exception>
#include <unordered_map>

#include "common/parallel_for.hpp"
#include "config/tenant_config.hpp"

namespace erpbridge::config {

namespace {

bool is_tenant_file(const std::filesystem::directory_entry& entry) {
  const std::string name = entry.path().filename().string();
  const std::string ext = entry.path().extension().string();
  // Hidden files are editor swap files and the like, never a tenant someone meant to add.
  std::error_code ec;
  return !name.starts_with(".") && (ext == ".yaml" || ext == ".yml") && entry.is_regular_file(ec);
}

std::vector<std::filesystem::path> tenant_files(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw ConfigError(dir.string(), 0, "", "cannot read tenants directory: " + ec.message());
  std::vector<std::filesystem::path> files;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (is_tenant_file(*it)) files.push_back(it->path());
  }
  if (ec) throw ConfigError(dir.string(), 0, "", "cannot read tenants directory: " + ec.message());
  // Sorted, so the first error and every log line come in the same order on every machine.
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.filename() < b.filename(); });
  return files;
}

std::string where(const TenantConfig& t, int line) {
  return t.file.string() + ":" + std::to_string(line);
}

// Inbound credentials identify the tenant (DESIGN.md principle 6), so two tenants accepting
// the same one would make a caller's tenant ambiguous. Basic and username_password carry the
// same pair, so they share one identity.
std::string identity(const InboundCredential& c) {
  if (c.kind == http::AuthKind::bearer) return std::string("bearer") + '\0' + c.token.reveal();
  return std::string("user") + '\0' + c.username + '\0' + c.password.reveal();
}

// One credential a caller may present, with the list it came from, for errors.
struct CredentialSite {
  std::size_t tenant;  // index into the tenants loaded so far
  int line = 0;
  std::string key;  // "inbound[0]", "commerceup.push.credentials[1]"
};

// Every credential seen so far, by identity: one lookup per credential keeps loading 10,000
// tenants linear. A credential identifies both the tenant and what the caller may do
// (Commerceup sends events, the ERP pushes stock), so no two entries anywhere may share one.
class CredentialIndex {
 public:
  void add_all(const std::vector<TenantConfig>& tenants, std::size_t index) {
    const TenantConfig& t = tenants[index];
    for (std::size_t i = 0; i < t.credentials.size(); ++i) {
      add(tenants, index, t.credentials[i], "inbound[" + std::to_string(i) + "]");
    }
    const auto& push = t.commerceup.push.credentials;
    for (std::size_t i = 0; i < push.size(); ++i) {
      add(tenants, index, push[i], "commerceup.push.credentials[" + std::to_string(i) + "]");
    }
  }

 private:
  void add(const std::vector<TenantConfig>& tenants, std::size_t index,
           const InboundCredential& credential, std::string key) {
    auto [it, inserted] =
        sites_.try_emplace(identity(credential), CredentialSite{index, credential.line, key});
    if (inserted) return;
    const TenantConfig& t = tenants[index];
    const CredentialSite& other = it->second;
    const TenantConfig& other_tenant = tenants[other.tenant];
    // Names where the clash is, never the credential itself.
    throw ConfigError(t.file.string(), credential.line, key,
                      "the same credential is accepted by " +
                          (other.tenant == index ? std::string("this tenant")
                                                 : "tenant '" + other_tenant.id + "'") +
                          " (" + where(other_tenant, other.line) + ") as " + other.key +
                          "; each tenant and each caller needs its own");
  }

  std::unordered_map<std::string, CredentialSite> sites_;
};

}  // namespace

std::vector<TenantConfig> load_tenant_configs(const std::filesystem::path& dir) {
  const std::vector<std::filesystem::path> files = tenant_files(dir);
  // Files are parsed on every core (they are independent); the checks across tenants then
  // run in file-name order, so the tenants and the first error are those of a plain loop.
  std::vector<TenantConfig> loaded(files.size());
  const std::vector<std::exception_ptr> errors =
      parallel_for(files.size(), [&](std::size_t i) { loaded[i] = load_tenant_config(files[i]); });
  std::vector<TenantConfig> tenants;
  tenants.reserve(files.size());
  std::unordered_map<std::string, std::size_t> ids;  // tenant id -> index
  CredentialIndex credentials;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (errors[i]) std::rethrow_exception(errors[i]);
    TenantConfig& tenant = loaded[i];
    if (auto it = ids.find(tenant.id); it != ids.end()) {
      const TenantConfig& earlier = tenants[it->second];
      throw ConfigError(
          tenant.file.string(), tenant.id_line, "tenant",
          "tenant id '" + tenant.id + "' is already used by " + where(earlier, earlier.id_line));
    }
    ids.emplace(tenant.id, tenants.size());
    tenants.push_back(std::move(tenant));
    credentials.add_all(tenants, tenants.size() - 1);
  }
  return tenants;
}

}  // namespace erpbridge::config
