#include "plugin/loaded_plugin.hpp"

#include <boost/dll/shared_library.hpp>

#include "plugin/plugin_validation.hpp"

namespace erpbridge::plugin {

LoadedPlugin::LoadedPlugin(std::filesystem::path file,
                           std::shared_ptr<boost::dll::shared_library> library,
                           const erpb_plugin_info* info)
    : file_(std::move(file)),
      library_(std::move(library)),
      info_(info),
      // Copied so that names stay printable in logs written while the plugin is unloading.
      name_(info->name),
      version_(info->version),
      description_(info->description) {}

// Out of line so that boost::dll::shared_library is complete where library_ is released.
LoadedPlugin::~LoadedPlugin() = default;

// A 1.0 plugin's struct ends before these fields: reading them would read past its data.
LoadedPlugin::SyncCall LoadedPlugin::translate_push_call() const {
  return info_->struct_size >= kPluginInfoSize_1_1 ? info_->translate_push : nullptr;
}

LoadedPlugin::SyncCall LoadedPlugin::pull_changes_call() const {
  return info_->struct_size >= kPluginInfoSize_1_1 ? info_->pull_changes : nullptr;
}

std::string LoadedPlugin::settings_schema_json() const {
  if (info_->struct_size < kPluginInfoSize_1_3 || info_->settings_schema_json == nullptr) return "";
  return info_->settings_schema_json;
}

}  // namespace erpbridge::plugin
