// Where an endpoint lives: scheme, host, port and base path, parsed once from base_url.
// Internal to erpbridge_http.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace erpbridge::http {

struct Origin {
  std::string scheme;      // "http" or "https"
  std::string host;        // as written in the URL, without brackets for IPv6 literals
  std::uint16_t port = 0;  // explicit or the scheme's default
  std::string base_path;   // percent-encoded, no trailing '/', may be empty

  bool secure() const { return scheme == "https"; }
  // "scheme://host:port": safe for error messages (never carries userinfo or path).
  std::string describe() const;
};

// Throws std::invalid_argument: a bad base_url is a configuration error.
Origin parse_base_url(const std::string& base_url);

// The request-target (path+query) to send, or why the target is refused.
struct ResolvedTarget {
  std::string path_and_query;
  std::string error;  // non-empty: refused; never echoes userinfo from the target
};

// A relative target is appended to the base path; an absolute URL must be on the same origin,
// so that a plugin cannot send the tenant's credentials to another host.
ResolvedTarget resolve_target(const Origin& origin, std::string_view target);

}  // namespace erpbridge::http
