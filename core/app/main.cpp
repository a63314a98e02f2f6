// erpbridge: the Commerceup <-> ERP connector host. This file only routes to a sub-command;
// exceptions stop here and become a message and an exit code.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli_args.hpp"
#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "config/config_error.hpp"

namespace {

constexpr const char* kHelp = R"(Usage: erpbridge COMMAND [OPTIONS]

Commands:
  send          deliver one event file to a tenant's ERP and print the result
  plugins       list loaded and refused plugins
  check-config  validate the host config, tenant files and connector settings
  serve         run the HTTP service Commerceup calls and deliver events in the background
  dlq           list, show and replay dead letters in the store
  store         store maintenance: prune delivered events past their retention

Run 'erpbridge COMMAND --help' for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace erpbridge::app;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kHelp;
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "send") return run_send(args);
    if (command == "plugins") return run_plugins(args);
    if (command == "check-config") return run_check_config(args);
    if (command == "serve") return run_serve(args);
    if (command == "dlq") return run_dlq(args);
    if (command == "store") return run_store(args);
    std::cerr << "erpbridge: unknown command '" << command << "'\n" << kHelp;
    return kExitUsage;
  } catch (const UsageError& e) {
    std::cerr << "erpbridge " << command << ": " << e.what() << " (see --help)\n";
    return kExitUsage;
  } catch (const erpbridge::config::ConfigError& e) {
    std::cerr << "erpbridge " << command << ": config error: " << e.what() << "\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "erpbridge " << command << ": " << e.what() << "\n";
    return kExitError;
  }
}
