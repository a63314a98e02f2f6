#include "config/json_pointer.hpp"

namespace erpbridge::config {

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> parent_pointer(std::string_view pointer) {
  if (pointer.empty() || pointer.front() != '/') return std::nullopt;
  return std::string(pointer.substr(0, pointer.rfind('/')));
}

}  // namespace erpbridge::config
