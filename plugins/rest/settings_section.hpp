// Typed, JSON-pointer-aware reading of one mapping of a tenant's `settings:`, shared by the
// event settings (rest_settings.cpp) and the sync-back settings (sync_back_settings.cpp).
// Every problem throws sdk::SettingsError naming the setting's pointer.
#pragma once

#include <erpbridge/settings.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace erpbridge::rest {

[[noreturn]] void throw_setting_error(const std::string& pointer, const std::string& message);

// `parent` + "/" + `key`, with ~ and / escaped as RFC 6901 says.
std::string child_pointer(const std::string& parent, std::string_view key);

// "a string", "a mapping", ... for messages.
using sdk::json_kind_name;

// "a, b, c".
std::string join_names(std::initializer_list<std::string_view> names);

class Section {
 public:
  // Throws unless `node` is a mapping.
  Section(const boost::json::value& node, std::string pointer);
  Section(const boost::json::object& node, std::string pointer)
      : object_(&node), pointer_(std::move(pointer)) {}

  void allow_only(std::initializer_list<std::string_view> keys) const;

  const std::string& pointer() const { return pointer_; }
  std::string at(std::string_view key) const { return child_pointer(pointer_, key); }
  bool has(std::string_view key) const { return object_->contains(key); }
  const boost::json::value* find(std::string_view key) const { return object_->if_contains(key); }
  const boost::json::object& members() const { return *object_; }

  std::optional<std::string> string(std::string_view key) const;
  std::string required_string(std::string_view key, const std::string& why = "is required") const;
  // YAML scalars may arrive as strings: "12" is read as 12.
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min,
                                      std::int64_t max) const;

 private:
  const boost::json::object* object_ = nullptr;
  std::string pointer_;
};

}  // namespace erpbridge::rest
