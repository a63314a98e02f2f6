#include "plugin/loaded_plugin.hpp"

#include <boost/dll/shared_library.hpp>

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

}  // namespace erpbridge::plugin
