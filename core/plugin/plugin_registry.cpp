#include "plugin/plugin_registry.hpp"

#include <algorithm>

#include "common/log.hpp"

namespace erpbridge::plugin {

namespace {

// Only "*.so": a plugin directory may also hold READMEs or, in a build tree, CMake's own
// files, and those are not refused plugins worth a warning. Sorted, so that which of two
// same-named plugins wins does not depend on directory order.
std::vector<std::filesystem::path> library_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::error_code ec;
    if (entry.is_regular_file(ec) && entry.path().extension() == ".so")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string abi_of(const LoadedPlugin& p) {
  return std::to_string(p.abi_major()) + "." + std::to_string(p.abi_minor());
}

}  // namespace

PluginRegistry PluginRegistry::scan(const std::filesystem::path& dir) {
  PluginRegistry registry;
  for (const auto& file : library_files(dir)) {
    std::string reason;
    auto plugin = load_file(file, reason);
    if (plugin) {
      if (auto taken = registry.find(plugin->name())) {
        reason =
            "plugin name \"" + plugin->name() + "\" is already taken by " + taken->file().string();
        plugin.reset();  // unloads the duplicate now
      }
    }
    if (!plugin) {
      log_line(LogLevel::warn, "refused plugin " + file.string() + ": " + reason);
      registry.refused_.push_back({file, std::move(reason)});
      continue;
    }
    log_line(LogLevel::info, "loaded plugin " + plugin->name() + " " + plugin->version() +
                                 " (ABI " + abi_of(*plugin) + ") from " + file.string());
    registry.plugins_.push_back(std::move(plugin));
  }
  return registry;
}

std::shared_ptr<LoadedPlugin> PluginRegistry::find(const std::string& name) const {
  for (const auto& plugin : plugins_)
    if (plugin->name() == name) return plugin;
  return nullptr;
}

}  // namespace erpbridge::plugin
