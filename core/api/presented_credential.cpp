#include "api/presented_credential.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "api/base64.hpp"

namespace erpbridge::api {

namespace {

// "Basic abc" -> ("basic", "abc"); the scheme is case-insensitive (RFC 9110).
std::pair<std::string, std::string> split_authorization(const std::string& value) {
  const std::size_t space = value.find(' ');
  std::string scheme = value.substr(0, space);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string rest = space == std::string::npos ? "" : value.substr(space + 1);
  rest.erase(0, rest.find_first_not_of(' '));
  while (!rest.empty() && rest.back() == ' ') rest.pop_back();
  return {scheme, rest};
}

PresentedCredential from_authorization(const std::string& value) {
  PresentedCredential out;
  auto [scheme, rest] = split_authorization(value);
  if (scheme == "bearer" && !rest.empty()) {
    out.kind = http::AuthKind::bearer;
    out.secret = rest;
    return out;
  }
  if (scheme == "basic") {
    auto decoded = base64_decode(rest);
    const std::size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon != std::string::npos) {
      out.kind = http::AuthKind::basic;
      out.username = decoded->substr(0, colon);
      out.secret = decoded->substr(colon + 1);
      return out;
    }
  }
  out.malformed = true;
  return out;
}

}  // namespace

PresentedCredential read_credential(const Headers& headers) {
  if (auto authorization = headers.get("Authorization")) return from_authorization(*authorization);
  auto username = headers.get("username");
  auto password = headers.get("password");
  PresentedCredential out;
  if (username && password) {
    out.kind = http::AuthKind::username_password;
    out.username = *username;
    out.secret = *password;
  } else if (username || password) {
    out.malformed = true;  // half a credential is a wrong credential, not an absent one
  }
  return out;
}

}  // namespace erpbridge::api
