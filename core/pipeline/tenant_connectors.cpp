#include "pipeline/tenant_connectors.hpp"

#include <boost/json/serialize.hpp>

#include "config/config_error.hpp"

namespace erpbridge::pipeline {

namespace {

void add_credentials(plugin::SecretRedactor& secrets,
                     const std::vector<config::InboundCredential>& credentials) {
  for (const auto& credential : credentials) {
    secrets.add(credential.password.reveal());
    secrets.add(credential.token.reveal());
  }
}

// Beyond the ERP connection's own credentials (the connector adds those): every other secret
// of the tenant, so that an ERP echoing one of them cannot make it show.
void add_tenant_secrets(plugin::SecretRedactor& secrets, const config::TenantConfig& tenant) {
  add_credentials(secrets, tenant.credentials);
  for (const Secret& secret : tenant.webhook.secrets) secrets.add(secret.reveal());
  if (tenant.commerceup.enabled) {
    secrets.add_endpoint(tenant.commerceup.endpoint);
    add_credentials(secrets, tenant.commerceup.push.credentials);
  }
}

}  // namespace

std::unique_ptr<plugin::ConnectorInstance> make_connector(const config::TenantConfig& tenant,
                                                          const plugin::PluginRegistry& plugins) {
  auto plugin = plugins.find(tenant.connector);
  if (!plugin) {
    std::string known;
    for (const auto& p : plugins.plugins()) known += (known.empty() ? "" : ", ") + p->name();
    throw config::ConfigError(tenant.file.string(), 0, "connector",
                              "no loaded plugin is named '" + tenant.connector +
                                  "' (loaded: " + (known.empty() ? "none" : known) + ")");
  }
  auto endpoint = std::make_shared<http::Endpoint>(tenant.connection);
  plugin::ConnectorSettingsError error;
  auto connector = plugin::ConnectorInstance::create(
      plugin, tenant.id, std::move(endpoint), boost::json::serialize(tenant.settings), error);
  if (!connector)
    throw tenant.settings_error(error.pointer,
                                error.message);  // "settings/<pointer>", as documented
  add_tenant_secrets(connector->secrets(), tenant);
  return connector;
}

}  // namespace erpbridge::pipeline
