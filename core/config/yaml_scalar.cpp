#include "config/yaml_scalar.hpp"

#include <charconv>
#include <cstdint>
#include <limits>

namespace erpbridge::config::detail {

namespace {

using Kind = CoreScalar::Kind;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_of(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

std::string_view without_sign(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  return s;
}

CoreScalar unsigned_integer(std::string_view digits, int base) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (ec != std::errc() || end != digits.data() + digits.size())
    return {Kind::unrepresentable, nullptr};
  if (value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return {Kind::integer, static_cast<std::int64_t>(value)};
  }
  return {Kind::integer, value};
}

// [-+]?[0-9]+
CoreScalar decimal_integer(std::string_view text) {
  if (!text.starts_with('-')) return unsigned_integer(without_sign(text), 10);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    return {Kind::unrepresentable, nullptr};
  return {Kind::integer, value};
}

// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool is_core_float(std::string_view s) {
  s = without_sign(s);
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i - start;
  };
  std::size_t whole = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0 && whole == 0) return false;
  } else if (whole == 0) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

CoreScalar real(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);  // from_chars takes no '+'
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    return {Kind::unrepresentable, nullptr};
  return {Kind::real, value};
}

bool is_one_of(std::string_view s, std::initializer_list<std::string_view> options) {
  for (auto o : options) {
    if (s == o) return true;
  }
  return false;
}

}  // namespace

CoreScalar resolve_plain_scalar(std::string_view text) {
  if (is_one_of(text, {"", "~", "null", "Null", "NULL"})) return {Kind::null, nullptr};
  if (is_one_of(text, {"true", "True", "TRUE"})) return {Kind::boolean, true};
  if (is_one_of(text, {"false", "False", "FALSE"})) return {Kind::boolean, false};
  if (all_of(without_sign(text), is_digit)) return decimal_integer(text);
  if (text.starts_with("0o") &&
      all_of(text.substr(2), [](char c) { return c >= '0' && c <= '7'; })) {
    return unsigned_integer(text.substr(2), 8);
  }
  if (text.starts_with("0x") && all_of(text.substr(2), [](char c) {
        return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      })) {
    return unsigned_integer(text.substr(2), 16);
  }
  if (is_core_float(text)) return real(text);
  if (is_one_of(without_sign(text), {".inf", ".Inf", ".INF"}) ||
      is_one_of(text, {".nan", ".NaN", ".NAN"})) {
    return {Kind::unrepresentable, nullptr};
  }
  return {Kind::string, boost::json::string(text)};
}

}  // namespace erpbridge::config::detail
