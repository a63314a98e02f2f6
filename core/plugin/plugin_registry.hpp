// Scans a plugin directory, checks each file before running any of its code, loads the valid
// ones and records why the others were refused (DESIGN.md principle 1).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "plugin/loaded_plugin.hpp"

namespace erpbridge::plugin {

struct RefusedPlugin {
  std::filesystem::path file;
  // One line: the file's problem, without the file name (which is `file`), e.g. "plugin built
  // for ABI 2.0, host speaks ABI 1.0". The log line written at refusal names both.
  std::string reason;
};

class PluginRegistry {
 public:
  // Loads every regular file named "*.so" in `dir`, other files being ignored (sorted by name,
  // so "name already taken" is deterministic: the first file wins). Never throws for a bad plugin:
  // it is refused and logged in one line naming the file and the problem. Throws only if `dir`
  // itself cannot be read.
  static PluginRegistry scan(const std::filesystem::path& dir);

  // Loads one file; returns the plugin, or nullptr and the reason it was refused (as in
  // RefusedPlugin::reason). Does not log and does not check for duplicate names.
  static std::shared_ptr<LoadedPlugin> load_file(const std::filesystem::path& file,
                                                 std::string& refusal_reason);

  std::shared_ptr<LoadedPlugin> find(const std::string& name) const;
  const std::vector<std::shared_ptr<LoadedPlugin>>& plugins() const { return plugins_; }
  const std::vector<RefusedPlugin>& refused() const { return refused_; }

 private:
  std::vector<std::shared_ptr<LoadedPlugin>> plugins_;
  std::vector<RefusedPlugin> refused_;
};

}  // namespace erpbridge::plugin
