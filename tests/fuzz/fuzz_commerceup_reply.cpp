// Fuzz target: a reply of Commerceup's open API to a sync-back call (classify_commerceup_reply):
// the first two bytes pick the status, the text up to the first NUL is the Retry-After header
// and the rest the body. Any input must end in a classified DeliveryResult.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "syncback/commerceup_reply.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace erpbridge;
  if (size < 2) return 0;
  http::Response response;
  response.status = 100 + (data[0] << 8 | data[1]) % 500;
  std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  const auto end = rest.find('\0');
  if (end != std::string_view::npos) {
    response.headers.emplace_back("Retry-After", std::string(rest.substr(0, end)));
    rest = rest.substr(end + 1);
  }
  response.body = std::string(rest);
  const std::chrono::system_clock::time_point now{std::chrono::seconds(1764547200)};
  (void)syncback::classify_commerceup_reply(response, now);
  return 0;
}
