// How values cross Tryton's JSON-RPC (PROTOCOL.md §1 "Value encoding"): Numeric fields as
// {"__class__": "Decimal", "decimal": "10.00"} and never as floats, dates as
// {"__class__": "date", ...}, booleans as true/false or 1/0 (SQLite), ids as integers.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace erpbridge::tryton {

// An exact decimal number: an integer count of 10^-scale. Money from events ("499.00") is
// parsed into it and sent to Tryton without ever passing through a binary float.
class Decimal {
 public:
  Decimal() = default;
  // "499.00", "-12", "0.5"; no exponent, no spaces, at most 18 digits of which 9 decimals.
  static std::optional<Decimal> parse(std::string_view text);
  static Decimal from_integer(std::int64_t value) { return Decimal(value, 0); }

  std::string to_string() const;  // keeps the scale: "499.00"
  int scale() const { return scale_; }
  int sign() const { return units_ < 0 ? -1 : units_ > 0 ? 1 : 0; }

  Decimal operator-() const { return Decimal(-units_, scale_); }
  Decimal operator+(const Decimal& other) const;
  Decimal operator-(const Decimal& other) const { return *this + -other; }
  Decimal operator*(std::int64_t factor) const { return Decimal(units_ * factor, scale_); }
  bool operator==(const Decimal& other) const { return compare(other) == 0; }
  bool operator<(const Decimal& other) const { return compare(other) < 0; }

  // this / divisor, rounded half away from zero to `scale` decimals. nullopt for a zero divisor.
  std::optional<Decimal> divided_by(std::int64_t divisor, int scale) const;
  // The same value with trailing zeros beyond `min_scale` removed: 474.0000 -> 474.00.
  Decimal trimmed(int min_scale) const;

 private:
  Decimal(__int128 units, int scale) : units_(units), scale_(scale) {}
  int compare(const Decimal& other) const;
  static Decimal rescaled(const Decimal& d, int scale);

  __int128 units_ = 0;
  int scale_ = 0;
};

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
};

boost::json::value encode_decimal(const Decimal& value);
// Accepts Tryton's Decimal object, and also a decimal string or an integer (some backends).
std::optional<Decimal> decode_decimal(const boost::json::value& value);

boost::json::value encode_date(const Date& date);
// The calendar date at the start of an RFC 3339 timestamp ("2026-11-20T10:31:10+05:30" ->
// 2026-11-20): the date where the event happened, as the store saw it.
std::optional<Date> date_of_timestamp(std::string_view timestamp);

// true/false, or 1/0 as the SQLite backend reads booleans back.
std::optional<bool> decode_bool(const boost::json::value& value);
// A record id (positive integer); Many2One fields read as an id or null.
std::optional<std::int64_t> decode_id(const boost::json::value& value);
// An ERP id we handed out earlier ("12"), as refs carry it.
std::optional<std::int64_t> parse_id(std::string_view text);

}  // namespace erpbridge::tryton
