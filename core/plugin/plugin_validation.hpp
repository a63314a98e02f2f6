// Validates what a plugin's entry point returned, before the host keeps or calls any of it.
#pragma once

#include <erpbridge/plugin_abi.h>

#include <cstddef>
#include <optional>
#include <string>

namespace erpbridge::plugin {

// erpb_plugin_info as ABI 1.0 defines it: every field up to and including release_buffer.
// Later minors append fields, so this (not sizeof) is the floor a plugin's struct_size must meet.
inline constexpr std::size_t kPluginInfoSize_1_0 =
    offsetof(erpb_plugin_info, release_buffer) + sizeof(erpb_plugin_info::release_buffer);

// ABI 1.1 appended translate_push and pull_changes. A plugin that says it speaks 1.1 must
// carry them (NULL when unsupported); the host reads them only when struct_size covers them.
inline constexpr std::size_t kPluginInfoSize_1_1 =
    offsetof(erpb_plugin_info, pull_changes) + sizeof(erpb_plugin_info::pull_changes);

// ABI 1.3 appended settings_schema_json; the host reads it only when struct_size covers it.
inline constexpr std::size_t kPluginInfoSize_1_3 =
    offsetof(erpb_plugin_info, settings_schema_json) +
    sizeof(erpb_plugin_info::settings_schema_json);

// The prefix every ABI version keeps: struct_size, abi_major, abi_minor.
inline constexpr std::size_t kPluginInfoVersionPrefix =
    offsetof(erpb_plugin_info, abi_minor) + sizeof(erpb_plugin_info::abi_minor);

// The version the host speaks, as offered to every entry point.
erpb_host_offer host_offer();

// "[a-z0-9_-]{1,64}", NUL-terminated. Reads at most 65 bytes of `name`.
bool is_valid_plugin_name(const char* name);

// Returns nullopt if `info` may be used by a host speaking `host`'s version, otherwise the
// problem as one phrase. On a version mismatch the phrase names both versions ("plugin built
// for ABI 2.0, host speaks ABI 1.0"). Reads no field beyond info->struct_size.
std::optional<std::string> validate_plugin_info(const erpb_plugin_info* info,
                                                const erpb_host_offer& host);

}  // namespace erpbridge::plugin
