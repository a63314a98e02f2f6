// RFC 6901 JSON pointers, which name places inside a tenant's `settings`
// ("/events/order.created/path"): dotted paths cannot, as event type keys contain dots.
#pragma once

#include <erpbridge/json_pointer.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace erpbridge::config {

// One reference token: "~" -> "~0", "/" -> "~1". The SDK's, so the pointers the host maps to
// file lines are spelled as the adapters spell theirs.
using sdk::escape_pointer_token;

// The pointer one level up: "/a/b" -> "/a", "/a" -> "" (the whole document); nullopt for ""
// and for text that is not a pointer (no leading "/").
std::optional<std::string> parent_pointer(std::string_view pointer);

}  // namespace erpbridge::config
