// What an unquoted YAML scalar means under the YAML 1.2 core schema, so `settings` reach the
// connector as the JSON a reader of the YAML expects: 42 a number, true a boolean, but "yes",
// "no", "on" and "off" strings (YAML 1.1's booleans are the Norway problem). Internal.
#pragma once

#include <boost/json/value.hpp>

#include <string_view>

namespace erpbridge::config::detail {

struct CoreScalar {
  enum class Kind { string, null, boolean, integer, real, unrepresentable };
  Kind kind = Kind::string;
  // null, bool, int64 (uint64 above INT64_MAX), double or string. Empty when unrepresentable:
  // an integer beyond 64 bits, a float that overflows, .inf and .nan (JSON has none of them).
  boost::json::value value;
};

CoreScalar resolve_plain_scalar(std::string_view text);

}  // namespace erpbridge::config::detail
