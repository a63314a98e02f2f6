#include "pull_cursor.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <cstdio>

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

constexpr std::string_view kVersion = "v1";

// Reads exactly `digits` decimal digits at `pos` into `out`; advances `pos`.
bool digits_at(std::string_view text, std::size_t& pos, std::size_t digits, int& out) {
  if (pos + digits > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  out = value;
  return true;
}

bool literal_at(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

bool valid(const Stamp& s) {
  return s.year >= 1 && s.month >= 1 && s.month <= 12 && s.day >= 1 && s.day <= 31 &&
         s.hour <= 23 && s.minute <= 59 && s.second <= 59 && s.microsecond >= 0 &&
         s.microsecond <= 999999;
}

std::optional<int> int_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_int64()) return std::nullopt;
  const auto n = v->as_int64();
  if (n < 0 || n > 999999) return std::nullopt;
  return static_cast<int>(n);
}

// "<stamp>,<id>"
std::optional<Mark> parse_mark(std::string_view text) {
  const auto comma = text.rfind(',');
  if (comma == std::string_view::npos) return std::nullopt;
  auto stamp = Stamp::parse(text.substr(0, comma));
  if (!stamp || text.find('Z') != std::string_view::npos) return std::nullopt;
  const auto id_text = text.substr(comma + 1);
  std::int64_t id = -1;
  const auto [end, error] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (error != std::errc() || end != id_text.data() + id_text.size() || id < 0) return std::nullopt;
  return Mark{*stamp, id};
}

std::string mark_text(const Mark& m) {
  return m.stamp.to_string() + "," + std::to_string(m.id);
}

}  // namespace

std::string Stamp::to_string() const {
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06d", year, month, day, hour,
                minute, second, microsecond);
  return text;
}

std::optional<Stamp> Stamp::parse(std::string_view text) {
  Stamp s;
  std::size_t pos = 0;
  const bool ok = digits_at(text, pos, 4, s.year) && literal_at(text, pos, '-') &&
                  digits_at(text, pos, 2, s.month) && literal_at(text, pos, '-') &&
                  digits_at(text, pos, 2, s.day) && literal_at(text, pos, 'T') &&
                  digits_at(text, pos, 2, s.hour) && literal_at(text, pos, ':') &&
                  digits_at(text, pos, 2, s.minute) && literal_at(text, pos, ':') &&
                  digits_at(text, pos, 2, s.second);
  if (!ok) return std::nullopt;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (!digits_at(text, pos, 6, s.microsecond)) return std::nullopt;
  }
  if (pos < text.size() && text[pos] == 'Z') ++pos;
  if (pos != text.size() || !valid(s)) return std::nullopt;
  return s;
}

json::value Stamp::to_json() const {
  return json::object{{"__class__", "datetime"},
                      {"year", year},
                      {"month", month},
                      {"day", day},
                      {"hour", hour},
                      {"minute", minute},
                      {"second", second},
                      {"microsecond", microsecond}};
}

std::optional<Stamp> Stamp::from_json(const json::value& value) {
  if (!value.is_object()) return std::nullopt;
  const auto& o = value.as_object();
  const auto* cls = o.if_contains("__class__");
  if (!cls || !cls->is_string() || cls->as_string() != "datetime") return std::nullopt;
  Stamp s;
  auto year = int_field(o, "year"), month = int_field(o, "month"), day = int_field(o, "day");
  if (!year || !month || !day) return std::nullopt;
  s.year = *year;
  s.month = *month;
  s.day = *day;
  // Tryton leaves out nothing today, but a missing time part means midnight, not an error.
  s.hour = int_field(o, "hour").value_or(0);
  s.minute = int_field(o, "minute").value_or(0);
  s.second = int_field(o, "second").value_or(0);
  s.microsecond = int_field(o, "microsecond").value_or(0);
  if (!valid(s)) return std::nullopt;
  return s;
}

std::string PullCursor::encode() const {
  return std::string(kVersion) + ";moves=" + mark_text(moves) + ";sales=" + mark_text(sales);
}

std::optional<PullCursor> PullCursor::decode(std::string_view text) {
  constexpr std::string_view kMoves = ";moves=", kSales = ";sales=";
  if (text.substr(0, kVersion.size()) != kVersion) return std::nullopt;
  text.remove_prefix(kVersion.size());
  if (text.substr(0, kMoves.size()) != kMoves) return std::nullopt;
  text.remove_prefix(kMoves.size());
  const auto sales_at = text.find(kSales);
  if (sales_at == std::string_view::npos) return std::nullopt;
  auto moves = parse_mark(text.substr(0, sales_at));
  auto sales = parse_mark(text.substr(sales_at + kSales.size()));
  if (!moves || !sales) return std::nullopt;
  return PullCursor{*moves, *sales};
}

}  // namespace erpbridge::tryton
