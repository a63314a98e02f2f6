#include "api/request_dispatch.hpp"

#include <exception>

#include "api/error_reply.hpp"
#include "api/route_table.hpp"
#include "api/tenant_authenticator.hpp"
#include "api/webhook_signature.hpp"
#include "common/log.hpp"

namespace erpbridge::api {

namespace {

// nullopt when the caller may go on; otherwise the refusal.
std::optional<ApiError> check_admin(const ApiRequest& request, const service::Runtime& runtime) {
  const Secret& token = runtime.host.admin.token;
  if (token.empty())
    return ApiError{403, "admin_disabled", "no admin token is configured (host config admin.token)",
                    ""};
  const PresentedCredential presented = read_credential(request.headers);
  if (presented.kind == http::AuthKind::none && !presented.malformed)
    return ApiError{401, "unauthorized", "this endpoint needs the admin token as a Bearer token",
                    ""};
  if (presented.kind != http::AuthKind::bearer || !secrets_equal(presented.secret, token.reveal()))
    return ApiError{401, "unauthorized", "invalid credentials", ""};
  return std::nullopt;
}

std::optional<ApiError> check_signature(const ApiRequest& request,
                                        const config::TenantConfig& tenant) {
  if (tenant.webhook.secrets.empty()) return std::nullopt;
  std::vector<std::string> keys;
  for (const Secret& secret : tenant.webhook.secrets)
    if (auto key = webhook_key(secret.reveal())) keys.push_back(std::move(*key));
  const SignedRequest signed_request{request.headers.get("webhook-id"),
                                     request.headers.get("webhook-timestamp"),
                                     request.headers.get("webhook-signature"), request.body};
  const SignatureCheck check = verify_webhook_signature(
      signed_request, keys, std::chrono::system_clock::now(), tenant.webhook.tolerance);
  if (check == SignatureCheck::valid) return std::nullopt;
  return ApiError{401, "invalid_signature", describe(check), ""};
}

std::optional<ApiError> authenticate(ApiRequest& request, Access access,
                                     const std::shared_ptr<const service::Runtime>& current) {
  const service::Runtime& runtime = *current;
  if (access == Access::open) return std::nullopt;
  if (access == Access::admin) return check_admin(request, runtime);
  const PresentedCredential presented = read_credential(request.headers);
  if (presented.kind == http::AuthKind::none && !presented.malformed)
    return ApiError{401, "unauthorized",
                    "credentials required: HTTP Basic, username and password headers, or a "
                    "Bearer token",
                    ""};
  auto tenant = authenticate_tenant(
      presented, current,
      access == Access::erp_push ? CredentialList::erp_push : CredentialList::inbound);
  if (!tenant) return ApiError{401, "unauthorized", "invalid credentials", ""};
  request.tenant = *tenant;
  if (access == Access::tenant_signed)
    return check_signature(request, runtime.tenants.at(*tenant)->config);
  return std::nullopt;
}

ApiReply route_and_run(ApiRequest& request, ApiContext& context) {
  RouteMatch match = match_route(request.method, request.path);
  if (!match.route) {
    if (match.allowed.empty())
      return error_reply({404, "not_found", "no such path: " + request.path, ""}, request.format);
    ApiReply reply =
        error_reply({405, "method_not_allowed",
                     request.method + " is not allowed here; use " + match.allowed, ""},
                    request.format);
    reply.headers.emplace_back("Allow", match.allowed);
    return reply;
  }
  request.path_params = std::move(match.params);
  const auto runtime = context.service.runtime();
  if (auto refusal = authenticate(request, match.route->access, runtime))
    return error_reply(*refusal, request.format);
  return match.route->handler(request, context);
}

}  // namespace

ApiReply dispatch(ApiRequest& request, ApiContext& context) noexcept {
  try {
    return route_and_run(request, context);
  } catch (const std::exception& e) {
    log_line(LogLevel::error, "api: " + request.method + " " + request.path + ": " + e.what());
  } catch (...) {
    log_line(LogLevel::error, "api: " + request.method + " " + request.path + ": unknown error");
  }
  try {
    return error_reply({500, "internal", "internal error; the host log has the details", ""},
                       request.format);
  } catch (...) {
    ApiReply reply;
    reply.status = 500;
    return reply;
  }
}

}  // namespace erpbridge::api
