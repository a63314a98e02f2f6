// Declarative reading of a connector's settings (fluent-bit's config_map, Kafka's ConfigDef):
// each mapping is described once by a table of Setting (key, type, default, required,
// description). The table validates the mapping (problems named by JSON pointer, unknown keys
// with a "did you mean" hint), supplies defaults, and describes the settings for docs.
#pragma once

#include <erpbridge/connector.hpp>
#include <erpbridge/json_pointer.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace erpbridge::sdk {

enum class SettingType { string, integer, boolean, mapping, list, any };

// One setting of a mapping. `fallback` is the default (null: none); integers must lie in
// [min, max]; a non-empty `choices` limits a string to those values; a string must not be
// empty unless `allow_empty` (a prefix that may be "").
//
// A mapping may describe what it holds, for check-config and the docs (validation does not
// read these; a nested mapping is validated by SettingsReader::section or its own reader):
// `fields` is the table of its keys; with `each`, its keys are free names (event types, feed
// names) and each VALUE is a mapping of `fields`. `each_name` says what such a key names
// ("event type"), printed as `events.<event type>.path`.
struct Setting {
  std::string_view key;
  SettingType type = SettingType::string;
  bool required = false;
  boost::json::value fallback = nullptr;
  std::string_view description = {};
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  std::vector<std::string_view> choices = {};
  bool allow_empty = false;
  std::span<const Setting> fields = {};
  bool each = false;
  std::string_view each_name = {};
};

// One thing wrong with the settings: `key` is the JSON pointer of the setting at fault.
struct SettingProblem {
  std::string key;
  std::string message;
};

// "a string", "a mapping", ... for messages about a value of the wrong kind.
inline const char* json_kind_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "a number";
    case boost::json::kind::string:
      return "a string";
    case boost::json::kind::array:
      return "a list";
    case boost::json::kind::object:
      return "a mapping";
  }
  return "a value";
}

namespace detail {

inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

inline const char* type_name(SettingType type) {
  switch (type) {
    case SettingType::string:
      return "a string";
    case SettingType::integer:
      return "a whole number";
    case SettingType::boolean:
      return "true or false";
    case SettingType::mapping:
      return "a mapping";
    case SettingType::list:
      return "a list";
    case SettingType::any:
      return "a value";
  }
  return "a value";
}

// YAML scalars arrive typed by their look: `mandt: 100` is a number and `retries: "3"` a
// string. Both are fine where the other is wanted.
inline std::optional<std::string> as_text(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  return std::nullopt;
}

inline std::optional<std::int64_t> as_integer(const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return std::nullopt;
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (!v.is_string()) return std::nullopt;
  const std::string_view text = v.get_string();
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

inline std::optional<bool> as_boolean(const boost::json::value& v) {
  if (v.is_bool()) return v.get_bool();
  if (v.is_string()) {
    const std::string_view text = v.get_string();
    if (text == "true") return true;
    if (text == "false") return false;
  }
  return std::nullopt;
}

inline std::optional<std::string> check_value(const Setting& s, const boost::json::value& v) {
  const std::string wrong =
      std::string("must be ") + type_name(s.type) + ", not " + json_kind_name(v);
  switch (s.type) {
    case SettingType::string: {
      const auto text = as_text(v);
      if (!text) return wrong;
      if (text->empty())
        return s.allow_empty ? std::nullopt : std::optional<std::string>("must not be empty");
      if (!s.choices.empty() &&
          std::find(s.choices.begin(), s.choices.end(), *text) == s.choices.end()) {
        std::string names;
        for (auto c : s.choices) names += (names.empty() ? "" : ", ") + std::string(c);
        return "must be one of " + names;
      }
      return std::nullopt;
    }
    case SettingType::integer: {
      const auto number = as_integer(v);
      if (!number || *number < s.min || *number > s.max)
        return "must be a whole number from " + std::to_string(s.min) + " to " +
               std::to_string(s.max);
      return std::nullopt;
    }
    case SettingType::boolean:
      return as_boolean(v) ? std::nullopt : std::optional<std::string>(wrong);
    case SettingType::mapping:
      return v.is_object() ? std::nullopt : std::optional<std::string>(wrong);
    case SettingType::list:
      return v.is_array() ? std::nullopt : std::optional<std::string>(wrong);
    case SettingType::any:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace detail

// The name in `names` (any range of string-like values) that `key` is most likely a typo of:
// the nearest within two edits, or "" when none is that near. The "did you mean" of every
// settings error, the host's configuration files included.
template <typename Names>
std::string_view likely_meant(std::string_view key, const Names& names) {
  std::string_view best;
  std::size_t best_distance = 3;  // more than two edits away is not a typo
  for (const auto& name : names) {
    const std::string_view candidate(name);
    const std::size_t d = detail::edit_distance(key, candidate);
    if (d < best_distance) best_distance = d, best = candidate;
  }
  return best;
}

// "unknown setting 'fromat'; did you mean 'format'?" (within two edits), else the known keys.
inline std::string unknown_setting_message(std::string_view key, std::span<const Setting> schema) {
  std::vector<std::string_view> keys;
  for (const auto& s : schema) keys.push_back(s.key);
  const std::string_view best = likely_meant(key, keys);
  std::string message = "unknown setting '" + std::string(key) + "'";
  if (!best.empty()) return message + "; did you mean '" + std::string(best) + "'?";
  std::string names;
  for (const auto& s : schema) names += (names.empty() ? "" : ", ") + std::string(s.key);
  return message + "; known here: " + names;
}

// Every problem of `node` against `schema`, in document order: not a mapping, unknown keys,
// missing required keys, wrong types or ranges. `pointer` is the mapping's own pointer.
inline std::vector<SettingProblem> check_settings(const boost::json::value& node,
                                                  std::string_view pointer,
                                                  std::span<const Setting> schema) {
  std::vector<SettingProblem> problems;
  if (!node.is_object()) {
    problems.push_back(
        {std::string(pointer), std::string("must be a mapping, not ") + json_kind_name(node)});
    return problems;
  }
  const auto& object = node.get_object();
  for (const auto& member : object) {
    auto spec = std::find_if(schema.begin(), schema.end(),
                             [&](const Setting& s) { return s.key == member.key(); });
    if (spec == schema.end()) {
      problems.push_back(
          {child_pointer(pointer, member.key()), unknown_setting_message(member.key(), schema)});
    } else if (auto problem = detail::check_value(*spec, member.value())) {
      problems.push_back({child_pointer(pointer, member.key()), std::move(*problem)});
    }
  }
  for (const auto& s : schema)
    if (s.required && !object.contains(s.key))
      problems.push_back({child_pointer(pointer, s.key), "is required"});
  return problems;
}

// A mapping of settings checked against its schema; getters return the value or its default.
// Construction throws SettingsError naming the first problem, so a reader only sees values
// of the declared type. The reader keeps its own copy of the mapping, so a connector may keep
// it as a member; `schema` must outlive it (a static table).
class SettingsReader {
 public:
  SettingsReader(const boost::json::value& node, std::string pointer,
                 std::span<const Setting> schema)
      : pointer_(std::move(pointer)), schema_(schema) {
    auto problems = check_settings(node, pointer_, schema_);
    if (!problems.empty()) throw SettingsError(problems.front().key, problems.front().message);
    object_ = node.get_object();
  }

  const std::string& pointer() const { return pointer_; }
  // The pointer of `key` in this mapping, for errors found later ("/events/order.created").
  std::string at(std::string_view key) const { return child_pointer(pointer_, key); }
  bool has(std::string_view key) const { return object_.contains(key); }
  const boost::json::object& members() const { return object_; }
  // The value given, or the default; nullptr when neither.
  const boost::json::value* find(std::string_view key) const {
    if (const auto* v = object_.if_contains(key)) return v;
    const Setting& s = spec(key);
    return s.fallback.is_null() ? nullptr : &s.fallback;
  }

  std::optional<std::string> optional_string(std::string_view key) const {
    const auto* v = find(key);
    return v ? detail::as_text(*v) : std::nullopt;
  }
  std::string string(std::string_view key) const { return optional_string(key).value_or(""); }
  std::optional<std::int64_t> optional_integer(std::string_view key) const {
    const auto* v = find(key);
    return v ? detail::as_integer(*v) : std::nullopt;
  }
  std::int64_t integer(std::string_view key) const { return optional_integer(key).value_or(0); }
  bool boolean(std::string_view key) const {
    const auto* v = find(key);
    return v && detail::as_boolean(*v).value_or(false);
  }
  // A nested mapping read by its own schema; an absent one reads as empty (so its required
  // keys are reported).
  SettingsReader section(std::string_view key, std::span<const Setting> schema) const {
    static const boost::json::value kEmpty = boost::json::object{};
    const auto* v = find(key);
    return SettingsReader(v ? *v : kEmpty, at(key), schema);
  }
  // Fails with `message` at `key`: for rules a table cannot state (two settings together).
  [[noreturn]] void fail(std::string_view key, const std::string& message) const {
    throw SettingsError(key.empty() ? pointer_ : at(key), message);
  }

 private:
  // Asking for a key the schema does not declare is the adapter's own bug.
  const Setting& spec(std::string_view key) const {
    for (const auto& s : schema_)
      if (s.key == key) return s;
    throw std::logic_error("setting '" + std::string(key) + "' is not in the schema");
  }

  std::string pointer_;
  std::span<const Setting> schema_;
  boost::json::object object_;
};

// The schema as JSON, for check-config and the configuration reference:
// [{"key": .., "type": .., "required": .., "default": .., "description": ..}, ..]; a mapping
// with `fields` also has "settings": [..] (described the same way), and with `each` also
// "each": true and "each_name".
inline boost::json::array describe_settings(std::span<const Setting> schema) {
  static constexpr const char* kTypes[] = {"string",  "integer", "boolean",
                                           "mapping", "list",    "any"};
  boost::json::array out;
  for (const auto& s : schema) {
    boost::json::object entry;
    entry["key"] = s.key;
    entry["type"] = kTypes[static_cast<int>(s.type)];
    entry["required"] = s.required;
    if (!s.fallback.is_null()) entry["default"] = s.fallback;
    if (!s.description.empty()) entry["description"] = s.description;
    if (!s.fields.empty()) entry["settings"] = describe_settings(s.fields);
    if (s.each) entry["each"] = true;
    if (!s.each_name.empty()) entry["each_name"] = s.each_name;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace erpbridge::sdk
