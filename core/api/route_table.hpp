// The API's routes: one immutable table (method, path pattern, who may call, handler), the
// single source for the server and for the test that checks docs/http-api.yaml against it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/api_context.hpp"
#include "api/api_exchange.hpp"

namespace erpbridge::api {

enum class Access {
  open,           // probes: /healthz, /readyz
  admin,          // Bearer <admin token> from the host config
  tenant,         // a tenant's inbound credential
  tenant_signed,  // the same, plus a webhook signature when the tenant has signing secrets
  erp_push,       // a tenant's ERP: one of its commerceup.push.credentials (not `inbound:`)
};

using Handler = ApiReply (*)(const ApiRequest&, ApiContext&);

struct Route {
  std::string_view method;
  std::string_view pattern;  // "/v1/events/{id}": a {name} matches one non-empty segment
  Access access;
  Handler handler;
};

const std::vector<Route>& route_table();

struct RouteMatch {
  const Route* route = nullptr;     // null: no route for this method and path
  std::vector<std::string> params;  // decoded {placeholders}, in order
  std::string allowed;              // "GET, POST" when the path exists with other methods
};

// `raw_path` is the request path as sent (percent-encoded, no query).
RouteMatch match_route(std::string_view method, std::string_view raw_path);

}  // namespace erpbridge::api
