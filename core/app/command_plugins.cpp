// erpbridge plugins: what the plugin directory holds, loaded and refused.
#include <boost/json/serialize.hpp>

#include <iostream>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "config/host_config.hpp"
#include "plugin/plugin_registry.hpp"

namespace erpbridge::app {

namespace {

constexpr const char* kHelp =
    R"(Usage: erpbridge plugins (--config FILE | --plugin-dir DIR) [--json]

Lists each plugin loaded from the plugin directory (name, version, ABI, file) and each file
that was refused, with the reason. Exits 0 when the directory could be read.
)";

void print_json(const plugin::PluginRegistry& registry) {
  boost::json::array loaded, refused;
  for (const auto& p : registry.plugins())
    loaded.push_back(
        {{"name", p->name()},
         {"version", p->version()},
         {"abi", std::to_string(p->abi_major()) + "." + std::to_string(p->abi_minor())},
         {"file", p->file().string()},
         {"lookup", p->supports_lookup()}});
  for (const auto& r : registry.refused())
    refused.push_back({{"file", r.file.string()}, {"reason", r.reason}});
  std::cout << boost::json::serialize(
                   boost::json::object{{"plugins", loaded}, {"refused", refused}})
            << "\n";
}

void print_table(const plugin::PluginRegistry& registry) {
  std::cout << "loaded:\n";
  for (const auto& p : registry.plugins())
    std::cout << "  " << p->name() << "  " << p->version() << "  ABI " << p->abi_major() << "."
              << p->abi_minor() << "  " << p->file().string() << "\n";
  if (registry.plugins().empty()) std::cout << "  (none)\n";
  std::cout << "refused:\n";
  for (const auto& r : registry.refused())
    std::cout << "  " << r.file.string() << ": " << r.reason << "\n";
  if (registry.refused().empty()) std::cout << "  (none)\n";
}

}  // namespace

int run_plugins(const std::vector<std::string>& args) {
  CliArgs cli(args, {"config", "plugin-dir"}, {"help", "json"});
  if (cli.flag("help")) {
    std::cout << kHelp;
    return kExitOk;
  }
  std::filesystem::path dir;
  if (auto d = cli.value("plugin-dir"))
    dir = *d;
  else if (auto c = cli.value("config"))
    dir = config::load_host_config(*c).plugin_dir;
  else
    throw UsageError("plugins needs --config FILE or --plugin-dir DIR");

  auto registry = plugin::PluginRegistry::scan(dir);
  if (cli.flag("json"))
    print_json(registry);
  else
    print_table(registry);
  return kExitOk;
}

}  // namespace erpbridge::app
