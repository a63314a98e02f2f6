// A YAML map at a dotted path ("connection.auth"), read key by key with the checks every
// config key gets: present when required, of the right type, with a valid value, and no key
// the schema does not know (a typo must fail loudly, not be silently ignored).
// Internal to core/config.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret.hpp"
#include "config/secret_reference.hpp"
#include "config/yaml_document.hpp"

namespace erpbridge::config::detail {

class Section;

// One element of a YAML list, with where it is for errors ("inbound[1]").
struct ListElement {
  YAML::Node node;
  int line = 0;
  std::string path;
};

class Section {
 public:
  // The document's top-level map.
  static Section top(const YamlDocument& doc, std::vector<std::string> known_keys);
  // `node` must be a map (else a wrong-type error at `path`); every key must be unique and,
  // unless `known_keys` is nullopt (free-form maps such as headers), listed.
  Section(const YamlDocument& doc, const YAML::Node& node, std::string at_path, int line,
          std::optional<std::vector<std::string>> known_keys);

  const YamlDocument& document() const { return *doc_; }
  int line() const { return line_; }
  const std::string& path() const { return path_; }
  bool has(std::string_view key) const { return find(key) != nullptr; }
  int line(std::string_view key) const;  // the key's line; the map's own when absent
  std::string path(std::string_view key) const;
  std::vector<std::string> keys() const;  // in document order

  ExpandedText required_string(std::string_view key) const;
  std::optional<ExpandedText> optional_string(std::string_view key) const;
  // Non-empty; literal or from a reference.
  Secret required_secret(std::string_view key) const;
  // A whole number in [min, max]; `what` names the unit for messages ("milliseconds").
  std::uint64_t number(std::string_view key, std::uint64_t fallback, std::uint64_t min,
                       std::uint64_t max, std::string_view what) const;
  bool boolean(std::string_view key, bool fallback) const;
  // Relative paths resolve against the YAML file's folder.
  std::filesystem::path required_path(std::string_view key) const;
  std::optional<std::filesystem::path> optional_path(std::string_view key) const;

  Section section(std::string_view key, std::vector<std::string> known_keys) const;
  std::optional<Section> optional_section(std::string_view key,
                                          std::optional<std::vector<std::string>> known) const;
  std::vector<ListElement> required_list(std::string_view key) const;
  // The raw value, for conversions this class does not know (settings); null when absent.
  const YAML::Node* find(std::string_view key) const;

  [[noreturn]] void fail(std::string_view key, std::string problem) const;

 private:
  struct Entry {
    std::string key;
    int line = 0;
    YAML::Node value;
  };

  const Entry* entry(std::string_view key) const;
  const Entry& required(std::string_view key) const;
  ExpandedText scalar(const Entry& e, std::string_view expected) const;
  std::filesystem::path to_path(const Entry& e) const;
  void check_known(const std::vector<std::string>& known_keys) const;

  const YamlDocument* doc_;
  std::string path_;
  int line_ = 0;
  std::vector<Entry> entries_;
};

// How a value shows in a type error: "a map", "a list", "a single value" or "nothing"; the
// text of a scalar is only shown by describe_text, for keys whose values are not secret, and
// never when it came from a ${...} reference.
std::string describe_value(const YAML::Node& node);
std::string describe_text(const ExpandedText& text);

}  // namespace erpbridge::config::detail
