#include "plugin/plugin_validation.hpp"

#include <cstring>

namespace erpbridge::plugin {

namespace {

constexpr std::size_t kMaxNameLength = 64;

std::string abi_text(unsigned major, unsigned minor) {
  return "ABI " + std::to_string(major) + "." + std::to_string(minor);
}

std::optional<std::string> check_version(const erpb_plugin_info& info,
                                         const erpb_host_offer& host) {
  const std::string versions = "plugin built for " + abi_text(info.abi_major, info.abi_minor) +
                               ", host speaks " + abi_text(host.abi_major, host.abi_minor);
  if (info.abi_major != host.abi_major) return versions;
  if (info.abi_minor > host.abi_minor) return versions + " (the plugin needs a newer host)";
  return std::nullopt;
}

std::optional<std::string> check_functions(const erpb_plugin_info& info) {
  const char* missing = !info.create           ? "create"
                        : !info.destroy        ? "destroy"
                        : !info.deliver        ? "deliver"
                        : !info.release_buffer ? "release_buffer"
                                               : nullptr;
  if (missing) return std::string("invalid plugin info: function ") + missing + " is NULL";
  return std::nullopt;
}

std::optional<std::string> check_strings(const erpb_plugin_info& info) {
  if (!info.name) return std::string("invalid plugin info: name is NULL");
  if (!is_valid_plugin_name(info.name)) {
    // The bad name is shown only as far as it can be read safely and printed on one line.
    std::string shown(info.name, strnlen(info.name, kMaxNameLength));
    for (char& c : shown)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return "invalid plugin name \"" + shown + "\": must be 1 to 64 characters of [a-z0-9_-]";
  }
  if (!info.version) return std::string("invalid plugin info: version is NULL");
  if (!info.description) return std::string("invalid plugin info: description is NULL");
  return std::nullopt;
}

}  // namespace

erpb_host_offer host_offer() {
  return erpb_host_offer{sizeof(erpb_host_offer), ERPB_ABI_VERSION_MAJOR, ERPB_ABI_VERSION_MINOR};
}

bool is_valid_plugin_name(const char* name) {
  if (!name) return false;
  const std::size_t length = strnlen(name, kMaxNameLength + 1);
  if (length == 0 || length > kMaxNameLength) return false;
  for (std::size_t i = 0; i < length; ++i) {
    const char c = name[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

std::optional<std::string> validate_plugin_info(const erpb_plugin_info* info,
                                                const erpb_host_offer& host) {
  if (!info)
    return std::string("entry point returned NULL (the plugin declined the host's ") +
           abi_text(host.abi_major, host.abi_minor) + ")";
  // The version is read first, because another major may lay the rest out differently; but
  // only if the struct is large enough to hold it.
  if (info->struct_size < kPluginInfoVersionPrefix)
    return "invalid plugin info: struct_size " + std::to_string(info->struct_size) +
           " is smaller than the ABI 1.0 size " + std::to_string(kPluginInfoSize_1_0);
  if (auto problem = check_version(*info, host)) return problem;
  if (info->struct_size < kPluginInfoSize_1_0)
    return "invalid plugin info: struct_size " + std::to_string(info->struct_size) +
           " is smaller than the ABI 1.0 size " + std::to_string(kPluginInfoSize_1_0);
  if (info->abi_minor >= 1 && info->struct_size < kPluginInfoSize_1_1)
    return "invalid plugin info: struct_size " + std::to_string(info->struct_size) +
           " is smaller than the ABI 1.1 size " + std::to_string(kPluginInfoSize_1_1) +
           " the plugin claims";
  if (auto problem = check_functions(*info)) return problem;
  return check_strings(*info);
}

}  // namespace erpbridge::plugin
