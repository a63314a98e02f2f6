// Exact decimal numbers for money: a 128-bit integer of units and a scale (digits after the
// point). Mapping helpers use it so that "499.00" * 2 - "50.00" is exactly "948.00", which
// binary floats do not promise.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace erpbridge::rest {

class Decimal {
 public:
  static constexpr int kMaxScale = 18;
  // Longest text write() produces: sign, 39 digits, point, leading "0".
  static constexpr std::size_t kMaxChars = 48;

  Decimal() = default;

  // "12", "-0.50", "+3.1e2", "1E-3". Rounds (half away from zero) past kMaxScale digits.
  // nullopt for anything else or a magnitude that does not fit.
  static std::optional<Decimal> parse(std::string_view text);
  static Decimal from_integer(std::int64_t value);
  // The shortest decimal that reads back as `value`; nullopt for NaN and infinities.
  static std::optional<Decimal> from_double(double value);

  // Checked arithmetic: nullopt on overflow (and on division by zero).
  std::optional<Decimal> plus(const Decimal& other) const;
  std::optional<Decimal> minus(const Decimal& other) const;
  // The product keeps both scales (2 decimals * 2 decimals = 4), capped at kMaxScale.
  std::optional<Decimal> times(const Decimal& other) const;
  // The quotient has max(10, both scales) decimals, capped at kMaxScale, rounded half away
  // from zero.
  std::optional<Decimal> divided_by(const Decimal& other) const;
  Decimal negated() const;
  // The same value with exactly `scale` decimals, rounded half away from zero.
  std::optional<Decimal> rounded(int scale) const;

  int scale() const { return scale_; }
  bool is_zero() const { return units_ == 0; }
  std::strong_ordering operator<=>(const Decimal& other) const;
  bool operator==(const Decimal& other) const { return (*this <=> other) == 0; }

  // Writes the canonical text (all `scale` decimals, no exponent) to `out`, which has room for
  // kMaxChars; returns the length. No terminating NUL.
  std::size_t write(char* out) const;
  std::string to_string() const;

 private:
  Decimal(__int128 units, int scale) : units_(units), scale_(scale) {}

  __int128 units_ = 0;
  int scale_ = 0;
};

}  // namespace erpbridge::rest
