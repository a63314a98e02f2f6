// The credential a caller presents in its headers, read apart from the tenants it might prove
// (tenant_authenticator.hpp) so the parser of these headers links without the host.
#pragma once

#include <string>

#include "api/api_exchange.hpp"
#include "http/endpoint_config.hpp"

namespace erpbridge::api {

// What the caller sent. `kind` none: no credential at all.
struct PresentedCredential {
  http::AuthKind kind = http::AuthKind::none;
  std::string username;
  std::string secret;      // password or token; never logged
  bool malformed = false;  // an Authorization header we cannot read: rejected like a wrong one
};

// Authorization: Basic <base64 user:password> or Bearer <token>; otherwise the `username` and
// `password` headers (Commerceup's convention). Authorization wins when both are present.
PresentedCredential read_credential(const Headers& headers);

}  // namespace erpbridge::api
