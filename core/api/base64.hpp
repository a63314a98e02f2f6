// Standard base64 (RFC 4648 section 4), for Basic credentials and webhook signatures.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace erpbridge::api {

std::string base64_encode(std::string_view bytes);
// Padding is optional; anything outside the alphabet (or a misplaced '=') is nullopt.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace erpbridge::api
