// load_plugin_probe DIR: loads every plugin in DIR the way the host does and lists them, one
// "loaded <name> <version> ABI <major>.<minor> <file>" line each. Exits 1 if any file was
// refused or nothing loaded, 2 on a usage or directory error. Used by the out-of-tree SDK test.
#include <exception>
#include <iostream>

#include "plugin/plugin_registry.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: load_plugin_probe PLUGIN_DIR\n";
    return 2;
  }
  try {
    const auto registry = erpbridge::plugin::PluginRegistry::scan(argv[1]);
    for (const auto& p : registry.plugins())
      std::cout << "loaded " << p->name() << " " << p->version() << " ABI " << p->abi_major() << "."
                << p->abi_minor() << " " << p->file().string() << "\n";
    for (const auto& r : registry.refused())
      std::cout << "refused " << r.file.string() << ": " << r.reason << "\n";
    return registry.refused().empty() && !registry.plugins().empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "load_plugin_probe: " << e.what() << "\n";
    return 2;
  }
}
