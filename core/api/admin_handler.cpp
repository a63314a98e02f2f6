// Probes (open, for load balancers and Kubernetes), and behind the admin token: metrics, the
// loaded tenants and plugins, and reload. Nothing here ever shows a credential.
#include "api/error_reply.hpp"
#include "api/handlers.hpp"
#include "api/reply.hpp"
#include "common/log.hpp"

namespace erpbridge::api {

namespace json = boost::json;

namespace {

const char* auth_name(http::AuthKind kind) {
  switch (kind) {
    case http::AuthKind::none:
      return "none";
    case http::AuthKind::basic:
      return "basic";
    case http::AuthKind::username_password:
      return "username_password";
    case http::AuthKind::bearer:
      return "bearer";
    case http::AuthKind::api_key:
      return "api_key";
  }
  return "none";
}

json::object tenant_json(const service::TenantRuntime& tenant) {
  json::object out;
  out["id"] = tenant.config.id;
  out["connector"] = tenant.config.connector;
  out["file"] = tenant.config.file.string();
  if (tenant.connector) {
    const auto& plugin = tenant.connector->plugin();
    out["plugin"] = json::object{{"name", plugin.name()}, {"version", plugin.version()}};
  }
  json::array kinds;
  for (const auto& credential : tenant.config.credentials)
    kinds.push_back(json::string(auth_name(credential.kind)));
  out["inbound_auth"] = std::move(kinds);
  out["signed_webhooks"] = !tenant.config.webhook.secrets.empty();
  return out;
}

}  // namespace

ApiReply healthz(const ApiRequest&, ApiContext&) {
  return json_reply(200, json::object{{"status", "ok"}});
}

ApiReply readyz(const ApiRequest&, ApiContext& context) {
  const bool ready = context.service.ready();
  return json_reply(ready ? 200 : 503, json::object{{"status", ready ? "ready" : "not_ready"}});
}

ApiReply metrics(const ApiRequest&, ApiContext& context) {
  return text_reply(200, "text/plain; version=0.0.4; charset=utf-8",
                    context.service.metrics().render_prometheus());
}

ApiReply list_tenants(const ApiRequest&, ApiContext& context) {
  json::array tenants;
  for (const auto& [id, tenant] : context.service.runtime()->tenants)
    tenants.push_back(tenant_json(*tenant));
  return json_reply(200, json::object{{"tenants", std::move(tenants)}});
}

ApiReply list_plugins(const ApiRequest&, ApiContext& context) {
  const auto runtime = context.service.runtime();
  json::array loaded, refused;
  for (const auto& plugin : runtime->plugins.plugins()) {
    loaded.push_back(json::object{
        {"name", plugin->name()},
        {"version", plugin->version()},
        {"description", plugin->description()},
        {"file", plugin->file().string()},
        {"abi", std::to_string(plugin->abi_major()) + "." + std::to_string(plugin->abi_minor())},
        {"lookup", plugin->supports_lookup()}});
  }
  for (const auto& r : runtime->plugins.refused())
    refused.push_back(json::object{{"file", r.file.string()}, {"reason", r.reason}});
  return json_reply(200,
                    json::object{{"plugins", std::move(loaded)}, {"refused", std::move(refused)}});
}

ApiReply reload(const ApiRequest& request, ApiContext& context) {
  std::unique_lock<std::mutex> lock(context.reload_mutex, std::try_to_lock);
  if (!lock.owns_lock())
    return error_reply({409, "reload_in_progress", "another reload is running; try again", ""},
                       request.format);
  log_line(LogLevel::info, "api: POST /v1/admin/reload, reloading");
  const service::ReloadReport report = reload_all(context);  // the service logs the outcome
  if (!report.ok) return error_reply({422, "reload_failed", report.message, ""}, request.format);
  return json_reply(200, json::object{{"status", "reloaded"}, {"message", report.message}});
}

}  // namespace erpbridge::api
