// load_tenant_configs: every tenant file in a folder, and the checks that need them all.
#include <algorithm>

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
// same pair, so they are compared as one kind.
bool same_identity(const InboundCredential& a, const InboundCredential& b) {
  const bool a_bearer = a.kind == http::AuthKind::bearer;
  if (a_bearer != (b.kind == http::AuthKind::bearer)) return false;
  if (a_bearer) return a.token.reveal() == b.token.reveal();
  return a.username == b.username && a.password.reveal() == b.password.reveal();
}

void check_unique(const std::vector<TenantConfig>& tenants, const TenantConfig& added) {
  for (const TenantConfig& earlier : tenants) {
    if (earlier.id == added.id) {
      throw ConfigError(
          added.file.string(), added.id_line, "tenant",
          "tenant id '" + added.id + "' is already used by " + where(earlier, earlier.id_line));
    }
    for (std::size_t i = 0; i < added.credentials.size(); ++i) {
      for (const InboundCredential& other : earlier.credentials) {
        if (!same_identity(added.credentials[i], other)) continue;
        // Names where the clash is, never the credential itself.
        throw ConfigError(added.file.string(), added.credentials[i].line,
                          "inbound[" + std::to_string(i) + "]",
                          "the same credential is accepted by tenant '" + earlier.id + "' (" +
                              where(earlier, other.line) + "); each tenant needs its own");
      }
    }
  }
}

}  // namespace

std::vector<TenantConfig> load_tenant_configs(const std::filesystem::path& dir) {
  std::vector<TenantConfig> tenants;
  for (const std::filesystem::path& file : tenant_files(dir)) {
    TenantConfig tenant = load_tenant_config(file);
    check_unique(tenants, tenant);
    tenants.push_back(std::move(tenant));
  }
  return tenants;
}

}  // namespace erpbridge::config
