// Fuzz target: query strings and percent-encoded path segments of API requests
// (api::parse_query, percent_decode). A decoded segment must encode and decode back to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/url_encoding.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace erpbridge::api;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)parse_query(text);
  if (auto decoded = percent_decode(text)) {
    if (percent_decode(percent_encode_segment(*decoded)) != decoded) std::abort();
  }
  return 0;
}
