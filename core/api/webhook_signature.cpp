#include "api/webhook_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <charconv>

#include "api/base64.hpp"

namespace erpbridge::api {

namespace {

std::string hmac_sha256(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::optional<long long> parse_seconds(std::string_view text) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

const char* describe(SignatureCheck check) {
  switch (check) {
    case SignatureCheck::valid:
      return "the signature is valid";
    case SignatureCheck::missing:
      return "this tenant requires signed requests: webhook-id, webhook-timestamp and "
             "webhook-signature headers";
    case SignatureCheck::bad_timestamp:
      return "webhook-timestamp must be unix seconds";
    case SignatureCheck::expired:
      return "webhook-timestamp is outside the accepted tolerance (check the sender's clock)";
    case SignatureCheck::mismatch:
      return "no webhook-signature matches the request";
  }
  return "bad signature";
}

std::optional<std::string> webhook_key(std::string_view secret) {
  constexpr std::string_view kPrefix = "whsec_";
  if (secret.starts_with(kPrefix)) secret.remove_prefix(kPrefix.size());
  auto key = base64_decode(secret);
  if (!key || key->empty()) return std::nullopt;
  return key;
}

std::string sign_webhook(std::string_view key, std::string_view id, std::string_view timestamp,
                         std::string_view body) {
  std::string message;
  message.reserve(id.size() + timestamp.size() + body.size() + 2);
  message.append(id).append(".").append(timestamp).append(".").append(body);
  return "v1," + base64_encode(hmac_sha256(key, message));
}

SignatureCheck verify_webhook_signature(const SignedRequest& request,
                                        const std::vector<std::string>& keys,
                                        std::chrono::system_clock::time_point now,
                                        std::chrono::seconds tolerance) {
  if (!request.id || !request.timestamp || !request.signatures || request.id->empty())
    return SignatureCheck::missing;
  const auto seconds = parse_seconds(*request.timestamp);
  if (!seconds) return SignatureCheck::bad_timestamp;
  const long long now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (*seconds < now_s - tolerance.count() || *seconds > now_s + tolerance.count())
    return SignatureCheck::expired;

  std::vector<std::string> expected;
  for (const auto& key : keys)
    expected.push_back(sign_webhook(key, *request.id, *request.timestamp, request.body));
  // Every offered signature is compared with every expected one, without stopping early.
  bool match = false;
  std::string_view offered = *request.signatures;
  while (!offered.empty()) {
    const std::size_t space = offered.find(' ');
    const std::string_view one = offered.substr(0, space);
    offered = space == std::string_view::npos ? std::string_view() : offered.substr(space + 1);
    if (!one.starts_with("v1,")) continue;  // other versions (v1a: asymmetric) are not ours
    for (const auto& e : expected) match = secrets_equal(one, e) || match;
  }
  return match ? SignatureCheck::valid : SignatureCheck::mismatch;
}

bool secrets_equal(std::string_view a, std::string_view b) {
  // Comparing digests hides the length too; CRYPTO_memcmp does not stop at the first difference.
  unsigned char da[SHA256_DIGEST_LENGTH], db[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(a.data()), a.size(), da);
  SHA256(reinterpret_cast<const unsigned char*>(b.data()), b.size(), db);
  return CRYPTO_memcmp(da, db, sizeof da) == 0;
}

}  // namespace erpbridge::api
