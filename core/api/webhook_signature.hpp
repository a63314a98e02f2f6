// Standard Webhooks signatures (https://www.standardwebhooks.com): the sender signs
// "<webhook-id>.<webhook-timestamp>.<raw body>" with HMAC-SHA256 and sends
//   webhook-id: msg_...   webhook-timestamp: <unix seconds>
//   webhook-signature: v1,<base64 signature> [v1,<another> ...]
// Any one matching signature is accepted, so a sender can sign with an old and a new key while
// a key is rotated, and a tenant may list several secrets.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace erpbridge::api {

enum class SignatureCheck { valid, missing, bad_timestamp, expired, mismatch };

const char* describe(SignatureCheck check);  // one sentence for the 401 reply

struct SignedRequest {
  std::optional<std::string> id, timestamp, signatures;  // the three headers
  std::string_view body;
};

// The HMAC key of a configured secret: "whsec_<base64>" (or bare base64) decoded. nullopt when
// it is not base64.
std::optional<std::string> webhook_key(std::string_view secret);

// `keys` are decoded keys (webhook_key). The timestamp must be within `tolerance` of `now`
// either way, so a captured request cannot be replayed later. Comparisons take constant time.
SignatureCheck verify_webhook_signature(const SignedRequest& request,
                                        const std::vector<std::string>& keys,
                                        std::chrono::system_clock::time_point now,
                                        std::chrono::seconds tolerance);

// "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>": what a sender puts in webhook-signature.
std::string sign_webhook(std::string_view key, std::string_view id, std::string_view timestamp,
                         std::string_view body);

// Equality of two secrets in time that depends on neither content nor length.
bool secrets_equal(std::string_view a, std::string_view b);

}  // namespace erpbridge::api
