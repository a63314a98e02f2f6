// A credential a caller presents to erpbridge: how Commerceup proves it is a tenant (`inbound:`)
// and how a tenant's ERP proves it when it pushes stock or order status
// (`commerceup.push.credentials`).
#pragma once

#include <string>

#include "common/secret.hpp"
#include "http/endpoint_config.hpp"

namespace erpbridge::config {

struct InboundCredential {
  http::AuthKind kind = http::AuthKind::none;
  std::string username;
  Secret password;
  Secret token;
  int line = 0;  // of this entry in its list, for errors about it
};

}  // namespace erpbridge::config
