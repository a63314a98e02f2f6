// The repeat rule of docs/plugin-abi.md ("When the host repeats a request").
#include "http/repeat_rule.hpp"

#include <Poco/String.h>

#include <array>
#include <string_view>

namespace erpbridge::http {
namespace {

// RFC 9110 section 9.2.2; methods are case-sensitive, so "post" is not "POST" and not these.
bool is_idempotent_method(const std::string& method) {
  static constexpr std::array<std::string_view, 5> kIdempotent{"GET", "HEAD", "OPTIONS", "PUT",
                                                               "DELETE"};
  for (std::string_view idempotent : kIdempotent)
    if (method == idempotent) return true;
  return false;
}

bool carries_declared_key(const Request& request, const EndpointConfig& endpoint) {
  if (endpoint.idempotency_key_header.empty()) return false;
  for (const auto& [name, value] : request.headers) {
    if (Poco::icompare(name, endpoint.idempotency_key_header) == 0 && !value.empty()) return true;
  }
  return false;
}

}  // namespace

bool may_repeat(const Request& request, const EndpointConfig& endpoint) {
  switch (request.repeat) {
    case Repeat::safe:
      return true;
    case Repeat::never:
      return false;
    case Repeat::by_method:
      break;
  }
  return is_idempotent_method(request.method) || carries_declared_key(request, endpoint);
}

}  // namespace erpbridge::http
