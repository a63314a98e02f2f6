// Shared by the config tests: a temporary folder to write YAML into, environment variables
// that are restored afterwards, and capturing the ConfigError a load throws.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "config/config_error.hpp"

namespace erpbridge::config::testing {

// A fresh folder per test, removed at the end, so tests never see each other's files.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/name (creating folders) and returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// Sets (or, with nullopt, unsets) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, std::optional<std::string> value);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> previous_;
};

// The ConfigError `load` throws; records a test failure (and returns a placeholder with
// line -1) when it throws nothing.
ConfigError config_error_from(const std::function<void()>& load);

}  // namespace erpbridge::config::testing
