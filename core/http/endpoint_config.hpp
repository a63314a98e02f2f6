// How the host reaches one ERP endpoint: base URL, auth, TLS, timeouts, default headers.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "common/secret.hpp"

namespace erpbridge::http {

enum class AuthKind {
  none,
  basic,              // Authorization: Basic base64(user:pass)
  username_password,  // "username" and "password" headers, as in Commerceup's sample ERP
  bearer,             // Authorization: Bearer <token>
  api_key,            // x-api-key: <token>, as Commerceup's open API wants (not for inbound)
};

struct Auth {
  AuthKind kind = AuthKind::none;
  std::string username;
  Secret password;
  Secret token;
};

struct TlsSettings {
  bool verify = true;   // certificate chain and hostname
  std::string ca_file;  // empty: the system's CA store
};

struct EndpointConfig {
  std::string base_url;  // scheme://host[:port][/base/path]
  Auth auth;
  TlsSettings tls;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds read_timeout{30000};
  std::vector<std::pair<std::string, std::string>> headers;  // sent on every request
  std::size_t max_idle_connections = 8;
  // A pooled connection idle this long is closed instead of reused: keep it below the ERP's
  // keep-alive timeout. A shorter `Keep-Alive: timeout=` from the server wins (keep_alive.hpp).
  // The default is below common ERP front ends (nginx 75 s, IIS 120 s).
  std::chrono::milliseconds keep_alive_timeout{50000};
  // The tenant declares that the ERP honours an idempotency key in this request header: a
  // request that carries it (non-empty) may be repeated safely. Empty: no such declaration.
  std::string idempotency_key_header;
  // A larger reply is not buffered: the call fails as sent_no_response (see http_client.hpp).
  std::size_t max_response_body_bytes = 16 * 1024 * 1024;
};

}  // namespace erpbridge::http
