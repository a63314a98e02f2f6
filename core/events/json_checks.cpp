#include "events/json_checks.hpp"

#include <cctype>

namespace erpbridge::events {

namespace json = boost::json;

std::string member_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

bool JsonChecks::fail(const std::string& path, const std::string& message) {
  if (error_.path.empty() && error_.message.empty()) {
    error_.path = path;
    error_.message = message;
  }
  return false;
}

namespace {

const char* kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
      return "an integer";
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "unknown";
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

bool is_decimal_string(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  auto dot = s.find('.');
  if (dot == std::string_view::npos) return all_digits(s) && s.size() <= 18;
  auto whole = s.substr(0, dot);
  auto frac = s.substr(dot + 1);
  return all_digits(whole) && whole.size() <= 18 && all_digits(frac) && frac.size() <= 4;
}

bool is_rfc3339(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
  auto digits_at = [&](std::size_t pos, std::size_t n) {
    return pos + n <= s.size() && all_digits(s.substr(pos, n));
  };
  if (s.size() < 20 || !digits_at(0, 4) || s[4] != '-' || !digits_at(5, 2) || s[7] != '-' ||
      !digits_at(8, 2) || (s[10] != 'T' && s[10] != 't') || !digits_at(11, 2) || s[13] != ':' ||
      !digits_at(14, 2) || s[16] != ':' || !digits_at(17, 2))
    return false;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    if (pos == start) return false;
  }
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) return pos + 1 == s.size();
  return pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && digits_at(pos + 1, 2) &&
         s[pos + 3] == ':' && digits_at(pos + 4, 2);
}

bool JsonChecks::required_string(const json::object& o, std::string_view key,
                                 const std::string& path, std::size_t max_length) {
  const auto* v = o.if_contains(key);
  auto p = member_path(path, key);
  if (!v || v->is_null()) return fail(p, "is required");
  if (!v->is_string()) return fail(p, std::string("must be a string, not ") + kind_name(*v));
  if (v->as_string().empty()) return fail(p, "must not be empty");
  if (v->as_string().size() > max_length)
    return fail(p, "is longer than " + std::to_string(max_length) + " characters");
  return true;
}

bool has_control_character(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

bool JsonChecks::identifier(const json::object& o, std::string_view key, const std::string& path,
                            std::size_t max_length) {
  if (!required_string(o, key, path, max_length)) return false;
  if (has_control_character(o.at(key).as_string()))
    return fail(member_path(path, key),
                "must not contain control characters (CR, LF, NUL, TAB, ...)");
  return true;
}

bool JsonChecks::optional_string(const json::object& o, std::string_view key,
                                 const std::string& path, std::size_t max_length) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return true;
  auto p = member_path(path, key);
  if (!v->is_string()) return fail(p, std::string("must be a string, not ") + kind_name(*v));
  if (v->as_string().size() > max_length)
    return fail(p, "is longer than " + std::to_string(max_length) + " characters");
  return true;
}

bool JsonChecks::required_object(const json::object& o, std::string_view key,
                                 const std::string& path) {
  const auto* v = o.if_contains(key);
  auto p = member_path(path, key);
  if (!v || v->is_null()) return fail(p, "is required");
  if (!v->is_object()) return fail(p, std::string("must be an object, not ") + kind_name(*v));
  return true;
}

bool JsonChecks::optional_object(const json::object& o, std::string_view key,
                                 const std::string& path) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return true;
  if (!v->is_object())
    return fail(member_path(path, key), std::string("must be an object, not ") + kind_name(*v));
  return true;
}

bool JsonChecks::array_of_objects(const json::object& o, std::string_view key,
                                  const std::string& path, bool required, std::size_t min_items) {
  const auto* v = o.if_contains(key);
  auto p = member_path(path, key);
  if (!v || v->is_null()) return required ? fail(p, "is required") : true;
  if (!v->is_array()) return fail(p, std::string("must be an array, not ") + kind_name(*v));
  const auto& a = v->as_array();
  if (a.size() < min_items)
    return fail(p, "must have at least " + std::to_string(min_items) + " item(s)");
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!a[i].is_object())
      return fail(index_path(p, i), std::string("must be an object, not ") + kind_name(a[i]));
  return true;
}

bool JsonChecks::decimal(const json::object& o, std::string_view key, const std::string& path,
                         bool required) {
  const auto* v = o.if_contains(key);
  auto p = member_path(path, key);
  if (!v || v->is_null()) return required ? fail(p, "is required") : true;
  if (!v->is_string())
    return fail(p,
                std::string("must be a decimal string such as \"499.00\", not ") + kind_name(*v));
  if (!is_decimal_string(v->as_string()))
    return fail(p, "must be a decimal string such as \"499.00\"");
  return true;
}

bool JsonChecks::positive_integer(const json::object& o, std::string_view key,
                                  const std::string& path) {
  const auto* v = o.if_contains(key);
  auto p = member_path(path, key);
  if (!v || v->is_null()) return fail(p, "is required");
  if (v->is_int64() && v->as_int64() > 0) return true;
  if (v->is_uint64() && v->as_uint64() > 0) return true;
  return fail(p, std::string("must be a positive integer, not ") +
                     (v->is_number() ? "this number" : kind_name(*v)));
}

bool JsonChecks::one_of(const json::object& o, std::string_view key, const std::string& path,
                        std::initializer_list<std::string_view> allowed) {
  if (!required_string(o, key, path)) return false;
  std::string_view s = o.at(key).as_string();
  std::string list;
  for (auto a : allowed) {
    if (s == a) return true;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  return fail(member_path(path, key), "must be one of: " + list);
}

bool JsonChecks::timestamp(const json::object& o, std::string_view key, const std::string& path,
                           bool required) {
  const auto* v = o.if_contains(key);
  auto p = member_path(path, key);
  if (!v || v->is_null()) return required ? fail(p, "is required") : true;
  if (!v->is_string() || !is_rfc3339(v->as_string()))
    return fail(p, "must be an RFC 3339 timestamp such as 2026-11-20T10:15:00+05:30");
  return true;
}

}  // namespace erpbridge::events
