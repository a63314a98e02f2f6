#include "event_fields.hpp"

namespace erpbridge::tryton {

std::string optional_text(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

Expected<std::string> required_text(const boost::json::object& o, std::string_view key,
                                    std::string_view path) {
  auto value = optional_text(o, key);
  if (value.empty()) return invalid(std::string(path) + " is missing or empty");
  return value;
}

const boost::json::object* optional_object(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

}  // namespace erpbridge::tryton
