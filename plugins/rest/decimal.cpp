#include "decimal.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace erpbridge::rest {
namespace {

using Int = __int128;

constexpr int kMaxPow10 = 38;

constexpr std::array<Int, kMaxPow10 + 1> make_pow10() {
  std::array<Int, kMaxPow10 + 1> table{};
  Int value = 1;
  for (auto& entry : table) {
    entry = value;
    if (&entry != &table.back()) value *= 10;
  }
  return table;
}
constexpr auto kPow10 = make_pow10();

bool scale_up(Int units, int digits, Int& out) {
  if (digits > kMaxPow10) return units == 0 ? (out = 0, true) : false;
  return !__builtin_mul_overflow(units, kPow10[digits], &out);
}

Int abs_of(Int v) {
  return v < 0 ? -v : v;
}

// n / d rounded half away from zero.
Int divide_rounded(Int n, Int d) {
  Int q = n / d;
  Int r = n % d;
  if (r != 0) {
    Int ar = abs_of(r);
    if (ar >= abs_of(d) - ar) q += ((n < 0) != (d < 0)) ? -1 : 1;
  }
  return q;
}

Int scale_down(Int units, int digits) {
  if (digits > kMaxPow10) return 0;
  return divide_rounded(units, kPow10[digits]);
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  Int units = 0;
  int digits = 0;
  int fraction_digits = 0;
  bool seen_point = false;
  int dropped = 0;  // significant digits beyond what fits, only allowed after the point
  int first_dropped = -1;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    ++digits;
    if (units < Int{100'000'000'000'000'000}) {  // cheap 64-bit steps for the common case
      units = static_cast<Int>(static_cast<std::int64_t>(units) * 10 + (c - '0'));
      if (seen_point) ++fraction_digits;
      continue;
    }
    Int next;
    if (__builtin_mul_overflow(units, Int{10}, &next) ||
        __builtin_add_overflow(next, Int{c - '0'}, &next)) {
      if (!seen_point) return std::nullopt;
      if (first_dropped < 0) first_dropped = c - '0';
      ++dropped;
      continue;
    }
    units = next;
    if (seen_point) ++fraction_digits;
  }
  if (digits == 0) return std::nullopt;
  long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    auto [end, ec] = std::from_chars(text.data() + i + (i < text.size() && text[i] == '+'),
                                     text.data() + text.size(), exponent);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    i = text.size();
  }
  if (i != text.size()) return std::nullopt;
  if (dropped > 0 && first_dropped >= 5) ++units;  // round the digits that did not fit
  long scale = static_cast<long>(fraction_digits) - exponent;
  if (exponent > 1000 || exponent < -1000) {
    if (units == 0) return Decimal(0, 0);
    if (exponent > 0) return std::nullopt;
    return Decimal(0, kMaxScale);
  }
  if (negative) units = -units;
  if (scale < 0) {
    Int scaled;
    if (!scale_up(units, static_cast<int>(-scale), scaled)) return std::nullopt;
    return Decimal(scaled, 0);
  }
  if (scale > kMaxScale)
    return Decimal(scale_down(units, static_cast<int>(scale) - kMaxScale), kMaxScale);
  return Decimal(units, static_cast<int>(scale));
}

Decimal Decimal::from_integer(std::int64_t value) {
  return Decimal(value, 0);
}

std::optional<Decimal> Decimal::from_double(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return std::nullopt;
  return parse(std::string_view(buffer, end - buffer));
}

std::optional<Decimal> Decimal::plus(const Decimal& other) const {
  int scale = std::max(scale_, other.scale_);
  Int a, b, sum;
  if (!scale_up(units_, scale - scale_, a) || !scale_up(other.units_, scale - other.scale_, b) ||
      __builtin_add_overflow(a, b, &sum))
    return std::nullopt;
  return Decimal(sum, scale);
}

std::optional<Decimal> Decimal::minus(const Decimal& other) const {
  return plus(other.negated());
}

std::optional<Decimal> Decimal::times(const Decimal& other) const {
  Int product;
  if (__builtin_mul_overflow(units_, other.units_, &product)) return std::nullopt;
  int scale = scale_ + other.scale_;
  if (scale > kMaxScale) return Decimal(scale_down(product, scale - kMaxScale), kMaxScale);
  return Decimal(product, scale);
}

std::optional<Decimal> Decimal::divided_by(const Decimal& other) const {
  if (other.units_ == 0) return std::nullopt;
  int scale = std::min(kMaxScale, std::max({10, scale_, other.scale_}));
  Int numerator;
  if (!scale_up(units_, scale + other.scale_ - scale_, numerator)) return std::nullopt;
  return Decimal(divide_rounded(numerator, other.units_), scale);
}

Decimal Decimal::negated() const {
  return Decimal(-units_, scale_);
}

std::optional<Decimal> Decimal::rounded(int scale) const {
  if (scale < 0 || scale > kMaxScale) return std::nullopt;
  if (scale >= scale_) {
    Int scaled;
    if (!scale_up(units_, scale - scale_, scaled)) return std::nullopt;
    return Decimal(scaled, scale);
  }
  return Decimal(scale_down(units_, scale_ - scale), scale);
}

std::strong_ordering Decimal::operator<=>(const Decimal& other) const {
  int scale = std::max(scale_, other.scale_);
  Int a, b;
  bool a_fits = scale_up(units_, scale - scale_, a);
  bool b_fits = scale_up(other.units_, scale - other.scale_, b);
  // A value that no longer fits after scaling is larger in magnitude than any that does.
  if (!a_fits) return units_ < 0 ? std::strong_ordering::less : std::strong_ordering::greater;
  if (!b_fits) return other.units_ < 0 ? std::strong_ordering::greater : std::strong_ordering::less;
  return a <=> b;
}

std::size_t Decimal::write(char* out) const {
  char digits[kMaxPow10 + 2];
  int count = 0;
  // Work on the negative magnitude so the most negative value does not overflow; money fits
  // 64 bits, where division is much cheaper than on 128.
  Int v = units_ > 0 ? -units_ : units_;
  if (v > -static_cast<Int>(INT64_MAX)) {
    std::int64_t small = static_cast<std::int64_t>(v);
    do {
      digits[count++] = static_cast<char>('0' - static_cast<int>(small % 10));
      small /= 10;
    } while (small != 0);
  } else {
    do {
      digits[count++] = static_cast<char>('0' - static_cast<int>(v % 10));
      v /= 10;
    } while (v != 0);
  }
  while (count <= scale_) digits[count++] = '0';
  std::size_t n = 0;
  if (units_ < 0) out[n++] = '-';
  for (int i = count - 1; i >= 0; --i) {
    out[n++] = digits[i];
    if (i == scale_ && scale_ > 0) out[n++] = '.';
  }
  return n;
}

std::string Decimal::to_string() const {
  char buffer[kMaxChars];
  return std::string(buffer, write(buffer));
}

}  // namespace erpbridge::rest
