// Runs test peers and the erpbridge binary as real child processes.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace erpbridge::testing {

// A long-running child (a test ERP) whose stdout we read line by line. Killed on destruction.
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads stdout until a line starting with `prefix`; returns the rest of that line.
  // Throws std::runtime_error after `timeout` or if the child exits first.
  std::string wait_for_line(const std::string& prefix,
                            std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // SIGTERM, then SIGKILL after a grace period; returns the exit status.
  int stop();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffered_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a command to completion with extra environment variables and returns its output.
RunResult run_command(const std::vector<std::string>& argv,
                      const std::map<std::string, std::string>& env = {});

}  // namespace erpbridge::testing
