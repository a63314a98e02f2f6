#include "config/auth_config.hpp"

#include <optional>

namespace erpbridge::config::detail {

namespace {

struct AuthType {
  std::string_view name;
  http::AuthKind kind;
};

constexpr AuthType kAuthTypes[] = {
    {"none", http::AuthKind::none},
    {"basic", http::AuthKind::basic},
    {"username_password", http::AuthKind::username_password},
    {"bearer", http::AuthKind::bearer},
};

const AuthType& read_type(const Section& auth, bool allow_none) {
  const ExpandedText type = auth.required_string("type");
  for (const AuthType& t : kAuthTypes) {
    if (type.value != t.name) continue;
    if (t.kind == http::AuthKind::none && !allow_none) {
      auth.fail("type",
                "an inbound credential cannot be 'none'; use basic, "
                "username_password or bearer");
    }
    return t;
  }
  auth.fail("type", "unknown auth type " + describe_text(type) + "; expected " +
                        (allow_none ? "none, " : "") + "basic, username_password or bearer");
}

// A key that is known but belongs to another type is as wrong as a typo: a token next to
// `type: basic` would otherwise be silently unused.
void reject(const Section& auth, std::string_view key, std::string_view type) {
  if (auth.has(key)) {
    auth.fail(key, "does not apply to auth type " + std::string(type));
  }
}

}  // namespace

const std::vector<std::string>& auth_keys() {
  static const std::vector<std::string> keys{"type", "username", "password", "token"};
  return keys;
}

http::Auth read_auth(const Section& auth, bool allow_none) {
  http::Auth out;
  const AuthType& auth_type = read_type(auth, allow_none);
  const std::string type(auth_type.name);
  out.kind = auth_type.kind;
  switch (out.kind) {
    case http::AuthKind::none:
      reject(auth, "username", type);
      reject(auth, "password", type);
      reject(auth, "token", type);
      break;
    case http::AuthKind::basic:
    case http::AuthKind::username_password:
      reject(auth, "token", type);
      out.username = auth.required_string("username").value;
      if (out.username.empty()) auth.fail("username", "must not be empty");
      // RFC 7617: the first ':' ends the user-id, so one inside it cannot be sent.
      if (out.kind == http::AuthKind::basic && out.username.find(':') != std::string::npos) {
        auth.fail("username", "must not contain ':' with basic auth");
      }
      out.password = auth.required_secret("password");
      break;
    case http::AuthKind::bearer:
      reject(auth, "username", type);
      reject(auth, "password", type);
      out.token = auth.required_secret("token");
      break;
    case http::AuthKind::api_key:  // only commerceup.api_key makes one; not an `auth:` type
      break;
  }
  return out;
}

std::vector<InboundCredential> read_credential_list(const Section& parent, std::string_view key,
                                                    std::string_view what) {
  std::vector<InboundCredential> out;
  for (const ListElement& element : parent.required_list(key)) {
    Section entry(parent.document(), element.node, element.path, element.line, auth_keys());
    http::Auth auth = read_auth(entry, /*allow_none=*/false);
    out.push_back({auth.kind, std::move(auth.username), std::move(auth.password),
                   std::move(auth.token), element.line});
  }
  if (out.empty()) {
    parent.fail(key, "needs at least one credential, or " + std::string(what) +
                         " could not reach this tenant");
  }
  return out;
}

}  // namespace erpbridge::config::detail
