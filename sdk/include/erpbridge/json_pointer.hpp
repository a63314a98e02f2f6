// RFC 6901 JSON pointers, the form in which settings errors name a setting
// ("/events/order.created/path"): dotted paths cannot, because event types contain dots.
#pragma once

#include <string>
#include <string_view>

namespace erpbridge::sdk {

// `token` with ~ and / escaped ("a/b" -> "a~1b").
inline std::string escape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// `parent` + "/" + the escaped `key`; `parent` is "" for the root.
inline std::string child_pointer(std::string_view parent, std::string_view key) {
  std::string out(parent);
  out += '/';
  out += escape_pointer_token(key);
  return out;
}

// `parent` + "/" + `index`, for list members.
inline std::string index_pointer(std::string_view parent, std::size_t index) {
  std::string out(parent);
  out += '/';
  out += std::to_string(index);
  return out;
}

}  // namespace erpbridge::sdk
