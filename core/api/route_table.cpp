#include "api/route_table.hpp"

#include "api/handlers.hpp"
#include "api/path_pattern.hpp"

namespace erpbridge::api {

const std::vector<Route>& route_table() {
  // GET and POST for the facade: Commerceup's page allows both (a GET carries the body, or
  // the data as ?data=<URL-encoded JSON>).
  static const std::vector<Route> routes = {
      {"GET", "/createcustomer", Access::tenant, create_customer},
      {"POST", "/createcustomer", Access::tenant, create_customer},
      {"GET", "/createorder", Access::tenant, create_order},
      {"POST", "/createorder", Access::tenant, create_order},
      {"GET", "/cancelorder", Access::tenant, cancel_order},
      {"POST", "/cancelorder", Access::tenant, cancel_order},
      {"GET", "/returnorder", Access::tenant, return_order},
      {"POST", "/returnorder", Access::tenant, return_order},
      {"POST", "/v1/events", Access::tenant_signed, post_event},
      {"GET", "/v1/events/{id}", Access::tenant, get_event},
      {"POST", "/v1/erp/inventory", Access::erp_push, push_inventory},
      {"POST", "/v1/erp/order-status", Access::erp_push, push_order_status},
      {"GET", "/v1/dead-letters", Access::tenant, list_dead_letters},
      {"POST", "/v1/dead-letters/{id}/replay", Access::tenant, replay_dead_letter},
      {"GET", "/healthz", Access::open, healthz},
      {"GET", "/readyz", Access::open, readyz},
      {"GET", "/metrics", Access::admin, metrics},
      {"GET", "/v1/tenants", Access::admin, list_tenants},
      {"GET", "/v1/plugins", Access::admin, list_plugins},
      {"POST", "/v1/admin/reload", Access::admin, reload},
  };
  return routes;
}

RouteMatch match_route(std::string_view method, std::string_view raw_path) {
  RouteMatch out;
  for (const Route& route : route_table()) {
    std::vector<std::string> params;
    if (!match_pattern(route.pattern, raw_path, params)) continue;
    if (route.method == method) {
      out.route = &route;
      out.params = std::move(params);
      return out;
    }
    if (out.allowed.find(route.method) == std::string::npos)
      out.allowed += (out.allowed.empty() ? "" : ", ") + std::string(route.method);
  }
  return out;
}

}  // namespace erpbridge::api
