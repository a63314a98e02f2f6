#include "config/config_section.hpp"

#include <erpbridge/settings.hpp>

#include <algorithm>
#include <charconv>

namespace erpbridge::config::detail {

namespace {

std::string unknown_key_problem(std::string_view key, const std::vector<std::string>& known) {
  const std::string_view best = sdk::likely_meant(key, known);
  if (!best.empty()) return "unknown key; did you mean '" + std::string(best) + "'?";
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  return "unknown key; expected one of: " + list;
}

bool is_true(std::string_view s) {
  return s == "true" || s == "True" || s == "TRUE";
}
bool is_false(std::string_view s) {
  return s == "false" || s == "False" || s == "FALSE";
}

}  // namespace

std::string describe_value(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      // Not quoted: a scalar where a map or list belongs may be a password one level off.
      return "a single value";
    default:
      return "nothing";
  }
}

std::string describe_text(const ExpandedText& text) {
  if (text.has_reference) return "a value from a ${...} reference (not shown)";
  constexpr std::size_t kShown = 60;
  if (text.value.size() > kShown) return "'" + text.value.substr(0, kShown) + "...'";
  return "'" + text.value + "'";
}

Section Section::top(const YamlDocument& doc, std::vector<std::string> known_keys) {
  return Section(doc, doc.root(), "", std::max(1, line_of(doc.root())), std::move(known_keys));
}

Section::Section(const YamlDocument& doc, const YAML::Node& node, std::string at_path, int line,
                 std::optional<std::vector<std::string>> known_keys)
    : doc_(&doc), path_(std::move(at_path)), line_(line) {
  if (!node.IsMap()) doc.fail(line_, path_, "expected a map, got " + describe_value(node));
  for (auto it = node.begin(); it != node.end(); ++it) {
    const int key_line = line_of(it->first);
    if (!it->first.IsScalar()) {
      doc.fail(key_line, path_, "map keys must be plain strings, got " + describe_value(it->first));
    }
    Entry e{it->first.Scalar(), key_line, it->second};
    if (entry(e.key) != nullptr) {
      doc.fail(key_line, path(e.key),
               "duplicate key; first set on line " + std::to_string(entry(e.key)->line));
    }
    entries_.push_back(std::move(e));
  }
  if (known_keys) check_known(*known_keys);
}

void Section::check_known(const std::vector<std::string>& known_keys) const {
  for (const Entry& e : entries_) {
    if (std::find(known_keys.begin(), known_keys.end(), e.key) == known_keys.end()) {
      fail(e.key, unknown_key_problem(e.key, known_keys));
    }
  }
}

const Section::Entry* Section::entry(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

const YAML::Node* Section::find(std::string_view key) const {
  const Entry* e = entry(key);
  return e ? &e->value : nullptr;
}

const Section::Entry& Section::required(std::string_view key) const {
  const Entry* e = entry(key);
  if (e == nullptr) {
    // Reported at the map that lacks it: there is no line for a key that is not there.
    doc_->fail(line_, path(key), "required key is missing");
  }
  return *e;
}

int Section::line(std::string_view key) const {
  const Entry* e = entry(key);
  return e ? e->line : line_;
}

std::string Section::path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

std::vector<std::string> Section::keys() const {
  std::vector<std::string> out;
  for (const Entry& e : entries_) out.push_back(e.key);
  return out;
}

void Section::fail(std::string_view key, std::string problem) const {
  doc_->fail(line(key), path(key), std::move(problem));
}

ExpandedText Section::scalar(const Entry& e, std::string_view expected) const {
  if (!e.value.IsScalar()) {
    fail(e.key, "expected " + std::string(expected) + ", got " + describe_value(e.value));
  }
  ReferenceSite site{doc_->file_name(), e.line, path(e.key), doc_->base_dir()};
  ExpandedText text = expand_references(e.value.Scalar(), site);
  doc_->charge(e.key.size() + text.value.size(), e.line, site.key);
  return text;
}

ExpandedText Section::required_string(std::string_view key) const {
  return scalar(required(key), "a string");
}

std::optional<ExpandedText> Section::optional_string(std::string_view key) const {
  const Entry* e = entry(key);
  if (e == nullptr) return std::nullopt;
  return scalar(*e, "a string");
}

Secret Section::required_secret(std::string_view key) const {
  ExpandedText text = scalar(required(key), "a string");
  if (text.value.empty()) {
    fail(key, text.has_reference ? "is empty (its ${...} reference resolved to nothing)"
                                 : "must not be empty");
  }
  return Secret(std::move(text.value));
}

std::uint64_t Section::number(std::string_view key, std::uint64_t fallback, std::uint64_t min,
                              std::uint64_t max, std::string_view what) const {
  const Entry* e = entry(key);
  if (e == nullptr) return fallback;
  const std::string expected = "a whole number of " + std::string(what);
  ExpandedText text = scalar(*e, expected);
  std::string_view digits = text.value;
  const bool negative = digits.starts_with('-');
  if (negative || digits.starts_with('+')) digits.remove_prefix(1);
  const bool all_digits = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (!all_digits) fail(key, "expected " + expected + ", got " + describe_text(text));
  if (negative) fail(key, "must not be negative");
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || value > max) fail(key, "must be at most " + std::to_string(max));
  if (value < min) fail(key, "must be at least " + std::to_string(min));
  return value;
}

bool Section::boolean(std::string_view key, bool fallback) const {
  const Entry* e = entry(key);
  if (e == nullptr) return fallback;
  ExpandedText text = scalar(*e, "true or false");
  if (is_true(text.value)) return true;
  if (is_false(text.value)) return false;
  // YAML 1.1's yes/no/on/off are deliberately not booleans (YAML 1.2 core schema).
  fail(key, "expected true or false, got " + describe_text(text));
}

std::filesystem::path Section::to_path(const Entry& e) const {
  ExpandedText text = scalar(e, "a path");
  if (text.value.empty()) fail(e.key, "must not be empty");
  std::filesystem::path p(text.value);
  if (p.is_relative()) p = doc_->base_dir() / p;
  return p.lexically_normal();
}

std::filesystem::path Section::required_path(std::string_view key) const {
  return to_path(required(key));
}

std::optional<std::filesystem::path> Section::optional_path(std::string_view key) const {
  const Entry* e = entry(key);
  if (e == nullptr) return std::nullopt;
  return to_path(*e);
}

Section Section::section(std::string_view key, std::vector<std::string> known_keys) const {
  const Entry& e = required(key);
  return Section(*doc_, e.value, path(key), e.line, std::move(known_keys));
}

std::optional<Section> Section::optional_section(
    std::string_view key, std::optional<std::vector<std::string>> known) const {
  const Entry* e = entry(key);
  if (e == nullptr) return std::nullopt;
  return Section(*doc_, e->value, path(key), e->line, std::move(known));
}

std::vector<ListElement> Section::required_list(std::string_view key) const {
  const Entry& e = required(key);
  if (!e.value.IsSequence()) fail(key, "expected a list, got " + describe_value(e.value));
  std::vector<ListElement> out;
  std::size_t i = 0;
  for (const YAML::Node& element : e.value) {
    // yaml-cpp marks an empty element at the next token; the key's line is closer then.
    int element_line = element.IsNull() ? 0 : line_of(element);
    out.push_back({element, element_line ? element_line : e.line,
                   path(key) + "[" + std::to_string(i++) + "]"});
  }
  return out;
}

}  // namespace erpbridge::config::detail
