// Small text utilities shared by the writers and the reply reader: UTF-8 checks, JSON string
// escaping, bounded excerpts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace erpbridge::rest {

bool is_valid_utf8(std::string_view text);

// Checks that `text` is valid UTF-8 and appends it as a quoted JSON string, in one pass (the
// writers' hot path). False, with a partial string appended, when it is not valid UTF-8.
bool append_checked_json_string(std::string& out, std::string_view text);

// At most `max_bytes` of `text`, cut at a character boundary; bytes that are not UTF-8 become
// '?', so an excerpt is always safe to put into JSON.
std::string utf8_excerpt(std::string_view text, std::size_t max_bytes);

}  // namespace erpbridge::rest
