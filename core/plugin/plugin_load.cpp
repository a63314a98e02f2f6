// PluginRegistry::load_file: the path from a file on disk to a validated, loaded plugin.
// Order matters: nothing of the plugin runs until the file check passed, and nothing the entry
// point returned is kept until it is validated.
#include <boost/dll/shared_library.hpp>

#include "plugin/plugin_file_check.hpp"
#include "plugin/plugin_registry.hpp"
#include "plugin/plugin_validation.hpp"

namespace erpbridge::plugin {

namespace {

using EntryFunction = const erpb_plugin_info*(const erpb_host_offer*);

std::shared_ptr<boost::dll::shared_library> open_library(const std::filesystem::path& file,
                                                         std::string& problem) {
  // An absolute path, so the loader never searches LD_LIBRARY_PATH for a look-alike.
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(file, ec);
  if (ec) {
    problem = "cannot resolve the path (" + ec.message() + ")";
    return nullptr;
  }
  try {
    // RTLD_NOW: an unresolved symbol is reported now, not as a crash mid-delivery.
    // RTLD_LOCAL: two plugins' symbols never interpose on each other.
    return std::make_shared<boost::dll::shared_library>(
        absolute, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    problem = std::string("cannot be loaded: ") + e.what();
    return nullptr;
  }
}

// Calls the entry point. A C++ exception escaping a C function is undefined in principle;
// in practice it unwinds into this frame, so it is caught and turned into a refusal.
const erpb_plugin_info* call_entry(EntryFunction* entry, std::string& problem) {
  const erpb_host_offer offer = host_offer();
  try {
    return entry(&offer);
  } catch (const std::exception& e) {
    problem = std::string("entry point threw an exception: ") + e.what();
  } catch (...) {
    problem = "entry point threw an exception of unknown type";
  }
  return nullptr;
}

}  // namespace

std::shared_ptr<LoadedPlugin> PluginRegistry::load_file(const std::filesystem::path& file,
                                                        std::string& refusal_reason) {
  if (auto problem = check_plugin_file(file)) {
    refusal_reason = *problem;
    return nullptr;
  }
  auto library = open_library(file, refusal_reason);
  if (!library) return nullptr;

  EntryFunction* entry = nullptr;
  try {
    entry = &library->get<EntryFunction>(ERPB_ENTRY_SYMBOL);
  } catch (const std::exception& e) {
    refusal_reason = std::string("entry point cannot be resolved: ") + e.what();
    return nullptr;
  }
  std::string thrown;
  const erpb_plugin_info* info = call_entry(entry, thrown);
  if (!thrown.empty()) {
    refusal_reason = thrown;
    return nullptr;
  }
  if (auto problem = validate_plugin_info(info, host_offer())) {
    refusal_reason = *problem;
    return nullptr;
  }
  return std::make_shared<LoadedPlugin>(file, std::move(library), info);
}

}  // namespace erpbridge::plugin
