// The tenant's secrets, scrubbed out of everything that comes back from its ERP. An ERP's
// error reply may echo our request (its Authorization header, an API key, the session
// cookie); its message and body excerpt are then stored, logged and returned to callers.
// Every such text passes through here as it leaves the plugin boundary, and the Commerceup
// reply path does the same, so "no secret in any output" holds whatever the ERP sends.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/delivery_result.hpp"
#include "http/http_client.hpp"

namespace erpbridge::plugin {

inline constexpr std::string_view kRedacted = "[redacted]";

class SecretRedactor {
 public:
  // The endpoint's credentials in every form they take on the wire (plain, user:password,
  // Basic base64, bearer token) and the values of its configured default headers.
  void add_endpoint(const http::EndpointConfig& endpoint);
  // One secret value as configured. Empty values are ignored.
  void add(std::string_view secret);
  // The secrets of a tenant's connector settings (resolved from ${env:..} / ${file:..}): every
  // string, at any depth, under a key named for one (is_secret_setting_name). An adapter such
  // as Tryton's sends its password itself, so the endpoint alone does not know it.
  void add_settings(const boost::json::value& settings);

  // What a plugin sends or receives through the host's HTTP client: credentials it obtained
  // at run time (an OAuth token, a session key, a cookie) are learnt from the request's
  // credential headers and the response's Set-Cookie and token fields.
  void learn_from_request(const http::Request& request);
  void learn_from_response(const http::Response& response);

  // `text` with every known secret replaced by [redacted]. Thread-safe.
  std::string scrub(std::string text) const;

  std::size_t size() const;

 private:
  void add_locked(std::string value);
  void learn(std::string_view value);
  void learn_credential_header(std::string_view value);

  mutable std::shared_mutex mutex_;
  std::vector<std::string> secrets_;  // longest first, so a secret containing another goes whole
  std::size_t learned_ = 0;
};

// Scrubs the ERP's message and body excerpt of `result`.
void redact_result(DeliveryResult& result, const SecretRedactor& secrets);

// Whether a connector setting of this name holds a secret: it is, or ends in, password,
// passwd, passphrase, secret, token, api_key or apikey (any case): `password`,
// `client_secret`, `refresh_token`, `x_api_key`; not `token_url` or `user`.
bool is_secret_setting_name(std::string_view name);

// Whether a header of this name carries a credential (Authorization, Cookie, X-API-Key, any
// *token*, *secret*, *session*, *password*, *key* header).
bool is_credential_header(std::string_view name);

}  // namespace erpbridge::plugin
