// Standard base64 (RFC 4648, with padding), for Tryton's `Authorization: Session` header.
#pragma once

#include <string>
#include <string_view>

namespace erpbridge::tryton {

std::string base64_encode(std::string_view bytes);

}  // namespace erpbridge::tryton
