#pragma once

#include <stdexcept>
#include <string>

namespace erpbridge::config {

// A configuration error that names where it is: "file:line: key: problem".
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, int line, std::string key, std::string problem);
  const std::string& file() const { return file_; }
  int line() const { return line_; }  // 1-based; 0 when unknown (e.g. unreadable file)
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  int line_;
  std::string key_;
  std::string problem_;
};

}  // namespace erpbridge::config
