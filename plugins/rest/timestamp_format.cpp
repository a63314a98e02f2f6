#include "timestamp_format.hpp"

#include <array>
#include <charconv>
#include <cstdint>

namespace erpbridge::rest {
namespace {

struct Timestamp {
  std::int64_t year = 1970;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int offset_minutes = 0;
};

constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
constexpr std::array<const char*, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

// Howard Hinnant's civil-date algorithm (days_from_civil is below, outside this namespace).
void civil_from_days(std::int64_t z, std::int64_t& y, int& m, int& d) {
  z += 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2);
}

bool is_leap(std::int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(std::int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  bool digits(int count, int& out) {
    out = 0;
    for (int i = 0; i < count; ++i) {
      if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '9') return false;
      out = out * 10 + (text_[pos_++] - '0');
    }
    return true;
  }
  bool literal(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) return ++pos_, true;
    return false;
  }
  bool one_of(std::string_view chars, char& out) {
    if (pos_ < text_.size() && chars.find(text_[pos_]) != std::string_view::npos)
      return out = text_[pos_++], true;
    return false;
  }
  void skip_fraction() {
    if (!literal('.')) return;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
  }
  bool at_end() const { return pos_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool read_offset(Reader& in, int& minutes) {
  char sign;
  if (in.one_of("Zz", sign)) return minutes = 0, true;
  int h, m;
  if (!in.one_of("+-", sign) || !in.digits(2, h) || !in.literal(':') || !in.digits(2, m) ||
      h > 23 || m > 59)
    return false;
  minutes = (sign == '-' ? -1 : 1) * (h * 60 + m);
  return true;
}

bool parse_timestamp(std::string_view text, Timestamp& t) {
  Reader in(text);
  int year;
  char separator;
  if (!in.digits(4, year) || !in.literal('-') || !in.digits(2, t.month) || !in.literal('-') ||
      !in.digits(2, t.day))
    return false;
  t.year = year;
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > days_in_month(t.year, t.month))
    return false;
  if (in.at_end()) return true;
  if (!in.one_of("Tt ", separator) || !in.digits(2, t.hour) || !in.literal(':') ||
      !in.digits(2, t.minute) || !in.literal(':') || !in.digits(2, t.second))
    return false;
  in.skip_fraction();
  if (t.hour > 23 || t.minute > 59 || t.second > 60) return false;
  return read_offset(in, t.offset_minutes) && in.at_end();
}

bool parse_zone(std::string_view zone, int& minutes) {
  if (zone == "UTC" || zone == "utc") return minutes = 0, true;
  Reader in(zone);
  return read_offset(in, minutes) && in.at_end();
}

std::int64_t unix_seconds(const Timestamp& t) {
  return days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 +
         t.second - t.offset_minutes * 60;
}

Timestamp at_offset(std::int64_t seconds, int offset_minutes) {
  Timestamp t;
  std::int64_t local = seconds + offset_minutes * 60;
  std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  std::int64_t rest = local - days * 86400;
  civil_from_days(days, t.year, t.month, t.day);
  t.hour = static_cast<int>(rest / 3600);
  t.minute = static_cast<int>(rest / 60 % 60);
  t.second = static_cast<int>(rest % 60);
  t.offset_minutes = offset_minutes;
  return t;
}

void append_number(std::string& out, std::int64_t value, int width, char pad = '0') {
  char buffer[32];
  int n = static_cast<int>(std::to_chars(buffer, buffer + sizeof buffer, value).ptr - buffer);
  for (int i = n; i < width; ++i) out += pad;
  out.append(buffer, static_cast<std::size_t>(n));
}

void append_offset(std::string& out, int minutes, bool colon) {
  out += minutes < 0 ? '-' : '+';
  int a = minutes < 0 ? -minutes : minutes;
  append_number(out, a / 60, 2);
  if (colon) out += ':';
  append_number(out, a % 60, 2);
}

}  // namespace

std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  std::int64_t yoe = y - era * 400;
  std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

sdk::Expected<std::string> reformat_timestamp(std::string_view timestamp, std::string_view pattern,
                                              std::string_view zone) {
  Timestamp t;
  if (!parse_timestamp(timestamp, t))
    return sdk::Failure{"'" + std::string(timestamp) + "' is not an RFC 3339 timestamp"};
  std::int64_t seconds = unix_seconds(t);
  if (!zone.empty()) {
    int offset;
    if (!parse_zone(zone, offset))
      return sdk::Failure{"'" + std::string(zone) + "' is not a time zone offset (UTC or +hh:mm)"};
    t = at_offset(seconds, offset);
  }
  std::int64_t days = days_from_civil(t.year, t.month, t.day);
  int weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  std::string out;
  out.reserve(pattern.size() + 16);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') {
      out += pattern[i];
      continue;
    }
    if (++i == pattern.size()) return sdk::Failure{"date pattern ends with '%'"};
    switch (pattern[i]) {
      case 'Y':
        append_number(out, t.year, 4);
        break;
      case 'y':
        append_number(out, t.year % 100, 2);
        break;
      case 'm':
        append_number(out, t.month, 2);
        break;
      case 'd':
        append_number(out, t.day, 2);
        break;
      case 'e':
        append_number(out, t.day, 2, ' ');
        break;
      case 'H':
        append_number(out, t.hour, 2);
        break;
      case 'I':
        append_number(out, (t.hour + 11) % 12 + 1, 2);
        break;
      case 'M':
        append_number(out, t.minute, 2);
        break;
      case 'S':
        append_number(out, t.second, 2);
        break;
      case 'p':
        out += t.hour < 12 ? "AM" : "PM";
        break;
      case 'j':
        append_number(out, days - days_from_civil(t.year, 1, 1) + 1, 3);
        break;
      case 'a':
        out.append(kWeekdays[weekday], 3);
        break;
      case 'A':
        out += kWeekdays[weekday];
        break;
      case 'b':
        out.append(kMonths[t.month - 1], 3);
        break;
      case 'B':
        out += kMonths[t.month - 1];
        break;
      case 'F':
        append_number(out, t.year, 4);
        out += '-';
        append_number(out, t.month, 2);
        out += '-';
        append_number(out, t.day, 2);
        break;
      case 'T':
        append_number(out, t.hour, 2);
        out += ':';
        append_number(out, t.minute, 2);
        out += ':';
        append_number(out, t.second, 2);
        break;
      case 'z':
        append_offset(out, t.offset_minutes, false);
        break;
      case 'E':
        if (i + 1 < pattern.size() && pattern[i + 1] == 'z') {
          ++i;
          append_offset(out, t.offset_minutes, true);
          break;
        }
        return sdk::Failure{"unsupported date directive '%E'"};
      case 's':
        append_number(out, seconds, 1);
        break;
      case '%':
        out += '%';
        break;
      default:
        return sdk::Failure{std::string("unsupported date directive '%") + pattern[i] + "'"};
    }
  }
  return out;
}

}  // namespace erpbridge::rest
