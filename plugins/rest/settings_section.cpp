#include "settings_section.hpp"

#include <erpbridge/connector.hpp>
#include <erpbridge/json_pointer.hpp>
#include <erpbridge/settings.hpp>

#include <algorithm>
#include <charconv>

namespace erpbridge::rest {

using boost::json::value;

void throw_setting_error(const std::string& pointer, const std::string& message) {
  throw sdk::SettingsError(pointer, message);
}

std::string child_pointer(const std::string& parent, std::string_view key) {
  return sdk::child_pointer(parent, key);
}

std::string join_names(std::initializer_list<std::string_view> names) {
  std::string out;
  for (auto name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

Section::Section(const value& node, std::string pointer) : pointer_(std::move(pointer)) {
  if (!node.is_object())
    throw_setting_error(pointer_, std::string("must be a mapping, not ") + json_kind_name(node));
  object_ = &node.get_object();
}

void Section::allow_only(std::initializer_list<std::string_view> keys) const {
  for (const auto& member : *object_) {
    if (std::find(keys.begin(), keys.end(), member.key()) == keys.end())
      throw_setting_error(at(member.key()), "unknown setting '" + std::string(member.key()) +
                                                "' (known here: " + join_names(keys) + ")");
  }
}

std::optional<std::string> Section::string(std::string_view key) const {
  const value* v = find(key);
  if (!v) return std::nullopt;
  if (!v->is_string())
    throw_setting_error(at(key), std::string("must be a string, not ") + json_kind_name(*v));
  return std::string(v->get_string());
}

std::string Section::required_string(std::string_view key, const std::string& why) const {
  auto text = string(key);
  if (!text) throw_setting_error(at(key), why);
  if (text->empty()) throw_setting_error(at(key), "must not be empty");
  return *text;
}

std::optional<std::int64_t> Section::integer(std::string_view key, std::int64_t min,
                                             std::int64_t max) const {
  const value* v = find(key);
  if (!v) return std::nullopt;
  std::int64_t number = 0;
  bool ok = true;
  if (v->is_int64()) {
    number = v->get_int64();
  } else if (v->is_uint64()) {
    ok = v->get_uint64() <= static_cast<std::uint64_t>(max);
    number = max;
  } else if (v->is_string()) {
    std::string_view text = v->get_string();
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    ok = ec == std::errc() && end == text.data() + text.size();
  } else {
    ok = false;
  }
  if (!ok || number < min || number > max)
    throw_setting_error(at(key), "must be a whole number from " + std::to_string(min) + " to " +
                                     std::to_string(max));
  return number;
}

}  // namespace erpbridge::rest
