// Turns what a plugin hands back (a result class plus result JSON, or a settings-error JSON)
// into host values. Plugin output is outside input: every field is type-checked and bounded.
#pragma once

#include <erpbridge/plugin_abi.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "common/delivery_result.hpp"

namespace erpbridge::plugin {

inline constexpr std::size_t kMaxBodyExcerptBytes = 512;
inline constexpr std::size_t kMaxMessageBytes = 1024;

// Parses a plugin's result JSON into a DeliveryResult with the given class. A class outside
// erpb_result_class, invalid JSON, a field of the wrong type, or `ok` with none of erp_id,
// success and found all become `permanent` with a message saying what the plugin did wrong.
// body_excerpt and message are cut (at a UTF-8 boundary) to the bounds above. `data` may be
// NULL when size is 0.
DeliveryResult parse_plugin_result(erpb_result_class cls, const char* data, std::size_t size);

// A lookup must say whether it found the document, and name it when it did. Returns `result`
// unchanged when it does, a `permanent` failure otherwise.
DeliveryResult check_lookup_result(DeliveryResult result);

// Why a plugin refused a tenant's connector settings.
struct ConnectorSettingsError {
  std::string pointer;  // JSON pointer into the tenant's settings ("" when unknown)
  std::string message;
};

// Parses a create() error buffer {"key": .., "message": ..}. `key` is a JSON pointer into the
// settings ("/auth/user"); a dotted path ("auth.user") from an older adapter is converted.
// Unreadable text still yields an error that names the plugin.
ConnectorSettingsError parse_settings_error(std::string_view text, const std::string& plugin_name);

// "auth.user" -> "/auth/user"; "" and anything starting with '/' are returned unchanged.
std::string settings_key_to_pointer(std::string_view key);

}  // namespace erpbridge::plugin
