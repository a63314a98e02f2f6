// One plugin library that passed every check and is loaded. Shared ownership: every
// connector made from it holds a reference, so the library stays mapped while they live.
#pragma once

#include <erpbridge/plugin_abi.h>

#include <filesystem>
#include <memory>
#include <string>

namespace boost::dll {
class shared_library;
}

namespace erpbridge::plugin {

class LoadedPlugin {
 public:
  LoadedPlugin(std::filesystem::path file, std::shared_ptr<boost::dll::shared_library> library,
               const erpb_plugin_info* info);
  ~LoadedPlugin();

  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  const std::string& description() const { return description_; }
  const std::filesystem::path& file() const { return file_; }
  int abi_major() const { return info_->abi_major; }
  int abi_minor() const { return info_->abi_minor; }
  bool supports_lookup() const { return info_->lookup != nullptr; }
  // ABI 1.1 operations: the function, or NULL when the plugin lacks it (or predates 1.1).
  using SyncCall = erpb_result_class (*)(erpb_connector*, erpb_str, erpb_buffer*);
  SyncCall translate_push_call() const;
  SyncCall pull_changes_call() const;
  bool supports_translate_push() const { return translate_push_call() != nullptr; }
  bool supports_pull() const { return pull_changes_call() != nullptr; }
  // ABI 1.3: the connector's settings as the plugin describes them (a JSON array), or "" when
  // it declares none (or predates 1.3).
  std::string settings_schema_json() const;
  const erpb_plugin_info& info() const { return *info_; }

 private:
  std::filesystem::path file_;
  std::shared_ptr<boost::dll::shared_library> library_;
  const erpb_plugin_info* info_;  // plugin-owned static data; valid while library_ lives
  std::string name_, version_, description_;
};

}  // namespace erpbridge::plugin
