#include "value_encoding.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

// Bounds that keep every product and quotient the adapter computes far inside __int128:
// 18 digits of which at most 9 decimals, times a quantity below 10^9.
constexpr std::size_t kMaxDigits = 18;
constexpr std::size_t kMaxDecimals = 9;

__int128 power_of_ten(int n) {
  __int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

bool valid_date(const Date& d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  if (d.day > kDays[d.month - 1]) return false;
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  return !(d.month == 2 && d.day == 29 && !leap);
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (!all_digits(whole) || (dot != std::string_view::npos && !all_digits(fraction)))
    return std::nullopt;
  if (whole.size() + fraction.size() > kMaxDigits || fraction.size() > kMaxDecimals)
    return std::nullopt;
  __int128 units = 0;
  for (char c : whole) units = units * 10 + (c - '0');
  for (char c : fraction) units = units * 10 + (c - '0');
  return Decimal(negative ? -units : units, static_cast<int>(fraction.size()));
}

std::string Decimal::to_string() const {
  __int128 magnitude = units_ < 0 ? -units_ : units_;
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude > 0);
  while (static_cast<int>(digits.size()) <= scale_) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  if (scale_ > 0) digits.insert(digits.end() - scale_, '.');
  return units_ < 0 ? "-" + digits : digits;
}

Decimal Decimal::rescaled(const Decimal& d, int scale) {
  return Decimal(d.units_ * power_of_ten(scale - d.scale_), scale);
}

Decimal Decimal::operator+(const Decimal& other) const {
  const int scale = std::max(scale_, other.scale_);
  return Decimal(rescaled(*this, scale).units_ + rescaled(other, scale).units_, scale);
}

int Decimal::compare(const Decimal& other) const {
  const int scale = std::max(scale_, other.scale_);
  const __int128 a = rescaled(*this, scale).units_;
  const __int128 b = rescaled(other, scale).units_;
  return a < b ? -1 : a > b ? 1 : 0;
}

std::optional<Decimal> Decimal::divided_by(std::int64_t divisor, int scale) const {
  if (divisor == 0) return std::nullopt;
  // units_ / 10^scale_ / divisor = q / 10^scale, so q = units_ * 10^(scale - scale_) / divisor,
  // computed with one extra digit for the rounding.
  const int shift = scale - scale_ + 1;
  __int128 numerator = units_;
  __int128 denominator = divisor;
  if (shift >= 0)
    numerator *= power_of_ten(shift);
  else
    denominator *= power_of_ten(-shift);
  __int128 tenths = numerator / denominator;
  __int128 q = tenths / 10;
  const int last = static_cast<int>(tenths % 10);
  if (last >= 5) ++q;
  if (last <= -5) --q;
  return Decimal(q, scale);
}

Decimal Decimal::trimmed(int min_scale) const {
  Decimal out = *this;
  while (out.scale_ > min_scale && out.units_ % 10 == 0) {
    out.units_ /= 10;
    --out.scale_;
  }
  return out;
}

json::value encode_decimal(const Decimal& value) {
  return json::object{{"__class__", "Decimal"}, {"decimal", value.to_string()}};
}

std::optional<Decimal> decode_decimal(const json::value& value) {
  if (value.is_int64()) return Decimal::from_integer(value.as_int64());
  if (value.is_string()) return Decimal::parse(value.as_string());
  if (!value.is_object()) return std::nullopt;
  const auto& o = value.as_object();
  const auto* cls = o.if_contains("__class__");
  const auto* text = o.if_contains("decimal");
  if (!cls || !text || !cls->is_string() || cls->as_string() != "Decimal" || !text->is_string())
    return std::nullopt;
  return Decimal::parse(text->as_string());
}

json::value encode_date(const Date& date) {
  return json::object{
      {"__class__", "date"}, {"year", date.year}, {"month", date.month}, {"day", date.day}};
}

std::optional<Date> date_of_timestamp(std::string_view timestamp) {
  // YYYY-MM-DD, then the end or a 'T'/'t'/' ' separator.
  if (timestamp.size() < 10 || timestamp[4] != '-' || timestamp[7] != '-') return std::nullopt;
  const auto y = timestamp.substr(0, 4), m = timestamp.substr(5, 2), d = timestamp.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
  if (timestamp.size() > 10 && timestamp[10] != 'T' && timestamp[10] != 't' && timestamp[10] != ' ')
    return std::nullopt;
  Date date{to_int(y), to_int(m), to_int(d)};
  if (!valid_date(date)) return std::nullopt;
  return date;
}

std::optional<bool> decode_bool(const json::value& value) {
  if (value.is_bool()) return value.as_bool();
  if (value.is_int64() && (value.as_int64() == 0 || value.as_int64() == 1))
    return value.as_int64() == 1;
  return std::nullopt;
}

std::optional<std::int64_t> decode_id(const json::value& value) {
  if (value.is_int64() && value.as_int64() > 0) return value.as_int64();
  if (value.is_uint64() && value.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(value.as_uint64());
  return std::nullopt;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace erpbridge::tryton
