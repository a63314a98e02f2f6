// A deliberately small command-line parser: `--name value`, `--name=value`, `--flag`, and
// positional arguments. Unknown options are errors, so typos never pass silently.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace erpbridge::app {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class CliArgs {
 public:
  // `with_value` lists options that take a value, `flags` those that don't. Throws UsageError.
  CliArgs(const std::vector<std::string>& args, const std::set<std::string>& with_value,
          const std::set<std::string>& flags);

  std::optional<std::string> value(const std::string& name) const;
  std::string required(const std::string& name) const;
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

}  // namespace erpbridge::app
