// Checks a candidate plugin file before any of its code runs. dlopen executes the library's
// static constructors, so everything that can be learnt from the bytes on disk is learnt
// first (DESIGN.md principle 1).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace erpbridge::plugin {

// Returns nullopt when `file` is an ELF shared object for this machine, whose headers, segments
// and sections all lie inside the file, and which exports ERPB_ENTRY_SYMBOL. Otherwise returns
// the problem as a short phrase ("not a shared library (no ELF header)"). Never throws.
std::optional<std::string> check_plugin_file(const std::filesystem::path& file);

}  // namespace erpbridge::plugin
