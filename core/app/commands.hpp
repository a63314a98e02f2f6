// The erpbridge sub-commands. Each takes the arguments after its name and returns the
// process exit code (app/exit_codes.hpp).
#pragma once

#include <string>
#include <vector>

namespace erpbridge::app {

int run_send(const std::vector<std::string>& args);
int run_plugins(const std::vector<std::string>& args);
int run_check_config(const std::vector<std::string>& args);
int run_serve(const std::vector<std::string>& args);
int run_dlq(const std::vector<std::string>& args);
int run_store(const std::vector<std::string>& args);

}  // namespace erpbridge::app
