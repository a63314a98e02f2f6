// Fuzz target: the three Standard Webhooks headers (webhook-id, webhook-timestamp,
// webhook-signature) and the configured secret, as verify_webhook_signature and webhook_key
// read them. The input is split at NUL bytes into timestamp, signatures, body and secret,
// so the fuzzer can grow each apart. Any input must end in a SignatureCheck.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/webhook_signature.hpp"

namespace {

// The next NUL-terminated field of `rest`, or nullopt (an absent header) when none is left.
std::optional<std::string> next_field(std::string_view& rest) {
  if (rest.empty()) return std::nullopt;
  const auto end = rest.find('\0');
  std::string field(rest.substr(0, end));
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return field;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace erpbridge::api;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const auto timestamp = next_field(rest);
  const auto signatures = next_field(rest);
  const std::string body = next_field(rest).value_or("");
  const std::string secret = next_field(rest).value_or("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  std::vector<std::string> keys;
  if (auto key = webhook_key(secret)) keys.push_back(*key);
  const SignedRequest request{"msg_fuzz", timestamp, signatures, body};
  // A fixed clock, so the corpus replays the same way every day.
  const std::chrono::system_clock::time_point now{std::chrono::seconds(1764547200)};
  (void)describe(verify_webhook_signature(request, keys, now, std::chrono::seconds(300)));
  return 0;
}
