// Building and checking the header block of an ERP request.
#include "http/request_headers.hpp"

#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPRequest.h>

#include <string_view>

namespace erpbridge::http {
namespace {

// RFC 9110 tchar.
bool is_token(std::string_view text) {
  constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  if (text.empty()) return false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool alnum = (byte >= '0' && byte <= '9') || (byte >= 'A' && byte <= 'Z') ||
                       (byte >= 'a' && byte <= 'z');
    if (!alnum && kSpecials.find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool breaks_header_block(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

void apply_auth(Poco::Net::HTTPRequest& out, const Auth& auth) {
  switch (auth.kind) {
    case AuthKind::none:
      return;
    case AuthKind::basic:
      Poco::Net::HTTPBasicCredentials(auth.username, auth.password.reveal()).authenticate(out);
      return;
    case AuthKind::username_password:
      out.set("username", auth.username);
      out.set("password", auth.password.reveal());
      return;
    case AuthKind::bearer:
      out.setCredentials("Bearer", auth.token.reveal());
      return;
    case AuthKind::api_key:
      out.set("x-api-key", auth.token.reveal());
      return;
  }
}

}  // namespace

std::string check_headers(const Headers& headers) {
  for (const auto& [name, value] : headers) {
    if (!is_token(name)) return "header name \"" + name + "\" is not a valid HTTP token";
    // The value is not echoed: it may be a credential.
    if (breaks_header_block(value)) return "header \"" + name + "\" contains CR, LF or NUL";
  }
  return {};
}

std::string check_method(const std::string& method) {
  if (is_token(method)) return {};
  return "the method is not a valid HTTP token";
}

void apply_headers(Poco::Net::HTTPRequest& out, const EndpointConfig& endpoint,
                   const Headers& request_headers) {
  for (const auto& [name, value] : endpoint.headers) out.add(name, value);
  // Erase first, then add: a request may repeat a header name and every copy must survive.
  for (const auto& header : request_headers) out.erase(header.first);
  for (const auto& [name, value] : request_headers) out.add(name, value);
  apply_auth(out, endpoint.auth);
}

}  // namespace erpbridge::http
