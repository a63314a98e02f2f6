// One parsed YAML config file, with what every error about it needs: the file name to show,
// the folder relative paths resolve against, and node -> line. Internal to core/config.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace erpbridge::config::detail {

class YamlDocument {
 public:
  // Reads and parses `file`. Throws ConfigError (line 0) when it cannot be read, and at the
  // offending line for a syntax error, an empty file, several documents or a non-map top.
  static YamlDocument load(const std::filesystem::path& file);
  // Parses `text` as if it had been read from `file` (for fuzzing and in-memory tests).
  static YamlDocument parse(std::string_view text, const std::filesystem::path& file);

  const std::string& file_name() const { return file_name_; }
  const std::filesystem::path& base_dir() const { return base_dir_; }
  const YAML::Node& root() const { return root_; }

  [[noreturn]] void fail(int line, std::string key, std::string problem) const;

  // Counts the bytes a load produces (resolved strings, settings keys and pointers) and fails
  // past 64 MiB: YAML aliases let a few kilobytes expand into gigabytes.
  void charge(std::size_t bytes, int line, const std::string& key) const;

 private:
  YamlDocument(std::string file_name, std::filesystem::path base_dir, YAML::Node root);

  std::string file_name_;
  std::filesystem::path base_dir_;
  YAML::Node root_;
  mutable std::size_t produced_bytes_ = 0;
};

// 1-based line of `node`, 0 when yaml-cpp does not know it.
int line_of(const YAML::Node& node);

}  // namespace erpbridge::config::detail
