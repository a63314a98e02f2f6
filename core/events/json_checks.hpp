// Small helpers that check one JSON member and name its path on failure. Used by the event
// validators so each rule reads as one line.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

#include "events/event.hpp"

namespace erpbridge::events {

// The documented bounds of ids (docs/http-api.yaml): an event_id may hold a facade's
// "<event_type>:" prefix in front of a document id.
inline constexpr std::size_t kMaxIdBytes = 128;
inline constexpr std::size_t kMaxEventIdBytes = 200;

// True when `s` holds a C0 control character or DEL.
bool has_control_character(std::string_view s);

class JsonChecks {
 public:
  explicit JsonChecks(ValidationError& error) : error_(error) {}

  // Each returns false (and records the first error) when the rule fails.
  bool required_string(const boost::json::object& o, std::string_view key, const std::string& path,
                       std::size_t max_length = 256);
  bool optional_string(const boost::json::object& o, std::string_view key, const std::string& path,
                       std::size_t max_length = 1024);
  // An id (event_id, customer_id, line_id, sku...): a required string of 1 to `max_length`
  // bytes without control characters. Ids travel in HTTP headers (Idempotency-Key), URLs and
  // log lines, where a CR, LF or NUL would make the event undeliverable or forge a line.
  bool identifier(const boost::json::object& o, std::string_view key, const std::string& path,
                  std::size_t max_length = kMaxIdBytes);
  bool required_object(const boost::json::object& o, std::string_view key, const std::string& path);
  bool optional_object(const boost::json::object& o, std::string_view key, const std::string& path);
  // An array with at least `min_items` elements, each an object.
  bool array_of_objects(const boost::json::object& o, std::string_view key, const std::string& path,
                        bool required, std::size_t min_items);
  // A money amount: a decimal string such as "499.00" (never a float).
  bool decimal(const boost::json::object& o, std::string_view key, const std::string& path,
               bool required);
  bool positive_integer(const boost::json::object& o, std::string_view key,
                        const std::string& path);
  bool one_of(const boost::json::object& o, std::string_view key, const std::string& path,
              std::initializer_list<std::string_view> allowed);
  bool timestamp(const boost::json::object& o, std::string_view key, const std::string& path,
                 bool required);

  bool fail(const std::string& path, const std::string& message);

 private:
  ValidationError& error_;
};

std::string member_path(const std::string& parent, std::string_view key);
std::string index_path(const std::string& parent, std::size_t index);

// True for "123", "123.45", "-1.5"; at most 4 decimals. Money never travels as a float.
bool is_decimal_string(std::string_view s);
// True for an RFC 3339 date-time such as 2026-11-20T10:15:00+05:30 or ...Z.
bool is_rfc3339(std::string_view s);

}  // namespace erpbridge::events
