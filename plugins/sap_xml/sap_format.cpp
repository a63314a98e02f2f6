#include "sap_format.hpp"

#include <erpbridge/connector.hpp>

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace erpbridge::sap_xml {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The fields the adapter writes, by segment, with their lengths in SAP's segment definitions
// (tests/peers/sap_erp/xsd/README.md names the source of each; the XSDs there carry the same
// lengths). The same field can differ by segment: PSTLZ is 10 in E1KNA1M but 9 in E1EDKA1.
const std::vector<FieldLimit> kFieldLimits = {
    {"EDI_DC40", "MANDT", 3},      {"EDI_DC40", "IDOCTYP", 30}, {"EDI_DC40", "MESTYP", 30},
    {"EDI_DC40", "SNDPOR", 10},    {"EDI_DC40", "SNDPRT", 2},   {"EDI_DC40", "SNDPRN", 10},
    {"EDI_DC40", "RCVPOR", 10},    {"EDI_DC40", "RCVPRT", 2},   {"EDI_DC40", "RCVPRN", 10},
    {"EDI_DC40", "CREDAT", 8},     {"EDI_DC40", "CRETIM", 6},   {"EDI_DC40", "ARCKEY", 70},
    {"E1KNA1M", "MSGFN", 3},       {"E1KNA1M", "KTOKD", 4},     {"E1KNA1M", "LAND1", 3},
    {"E1KNA1M", "NAME1", 35},      {"E1KNA1M", "NAME2", 35},    {"E1KNA1M", "ORT01", 35},
    {"E1KNA1M", "PSTLZ", 10},      {"E1KNA1M", "REGIO", 3},     {"E1KNA1M", "SPRAS", 1},
    {"E1KNA1M", "STRAS", 35},      {"E1KNA1M", "TELF1", 16},    {"E1KNA1M", "STCEG", 20},
    {"E1KNA1M", "SPRAS_ISO", 2},   {"E1KNVVM", "MSGFN", 3},     {"E1KNVVM", "VKORG", 4},
    {"E1KNVVM", "VTWEG", 2},       {"E1KNVVM", "SPART", 2},     {"E1KNVVM", "KALKS", 1},
    {"E1KNVVM", "KDGRP", 2},       {"E1KNVVM", "VSBED", 2},     {"E1KNVVM", "WAERS", 5},
    {"E1KNVVM", "KTGRD", 2},       {"E1KNVVM", "ZTERM", 4},     {"E1KNB1M", "MSGFN", 3},
    {"E1KNB1M", "BUKRS", 6},       {"E1KNB1M", "AKONT", 10},    {"E1KNB1M", "ZTERM", 4},
    {"E1KNB1M", "SMTP_ADDR", 241}, {"E1EDK01", "ACTION", 3},    {"E1EDK01", "CURCY", 3},
    {"E1EDK14", "QUALF", 3},       {"E1EDK14", "ORGID", 35},    {"E1EDK03", "IDDAT", 3},
    {"E1EDK03", "DATUM", 8},       {"E1EDKA1", "PARVW", 3},     {"E1EDKA1", "PARTN", 17},
    {"E1EDKA1", "NAME1", 35},      {"E1EDKA1", "NAME2", 35},    {"E1EDKA1", "STRAS", 35},
    {"E1EDKA1", "STRS2", 35},      {"E1EDKA1", "ORT01", 35},    {"E1EDKA1", "PSTLZ", 9},
    {"E1EDKA1", "LAND1", 3},       {"E1EDKA1", "TELF1", 25},    {"E1EDKA1", "REGIO", 3},
    {"E1EDK02", "QUALF", 3},       {"E1EDK02", "BELNR", 35},    {"E1EDK02", "DATUM", 8},
    {"E1EDP01", "POSEX", 6},       {"E1EDP01", "ACTION", 3},    {"E1EDP01", "MENGE", 15},
    {"E1EDP01", "MENEE", 3},       {"E1EDP01", "VPREI", 15},    {"E1EDP01", "NETWR", 18},
    {"E1EDP02", "QUALF", 3},       {"E1EDP02", "BELNR", 35},    {"E1EDP02", "ZEILE", 6},
    {"E1EDP04", "MSATZ", 17},      {"E1EDP04", "MWSBT", 18},    {"E1EDP19", "QUALF", 3},
    {"E1EDP19", "IDTNR", 35},      {"E1EDP19", "KTEXT", 70},    {"E1EDS01", "SUMID", 3},
    {"E1EDS01", "SUMME", 18},      {"E1EDS01", "WAERQ", 3},
};

// A decimal as an integer of units of 10^-scale (18 digits at most: SAP's longest amount).
struct Fixed {
  long long units = 0;
  int scale = 0;
};

std::optional<Fixed> fixed_of(std::string_view text) {
  if (!sap_decimal(text) || text.size() > 19) return std::nullopt;
  Fixed out;
  const bool negative = text.front() == '-';
  bool fraction = false;
  for (char c : negative ? text.substr(1) : text) {
    if (c == '.') {
      fraction = true;
      continue;
    }
    out.units = out.units * 10 + (c - '0');
    if (fraction) ++out.scale;
  }
  if (negative) out.units = -out.units;
  return out;
}

std::optional<long long> rescaled(const Fixed& f, int scale) {
  long long units = f.units;
  for (int i = f.scale; i < scale; ++i)
    if (__builtin_mul_overflow(units, 10, &units)) return std::nullopt;
  return units;
}

std::string text_of(long long units, int scale) {
  const bool negative = units < 0;
  if (negative) units = -units;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(units % 10)));
    units /= 10;
  } while (units > 0);
  while (digits.size() <= static_cast<std::size_t>(scale)) digits.insert(digits.begin(), '0');
  if (scale > 0) digits.insert(digits.end() - scale, '.');
  return (negative ? "-" : "") + digits;
}

std::optional<std::string> combine(std::string_view a, std::string_view b, int sign) {
  auto x = fixed_of(a);
  auto y = fixed_of(b);
  if (!x || !y) return std::nullopt;
  const int scale = std::max(x->scale, y->scale);
  auto left = rescaled(*x, scale);
  auto right = rescaled(*y, scale);
  long long sum = 0;
  if (!left || !right || __builtin_add_overflow(*left, sign * *right, &sum)) return std::nullopt;
  return text_of(sum, scale);
}

// Bytes of the first `chars` UTF-8 characters of `text`.
std::size_t utf8_prefix_bytes(std::string_view text, std::size_t chars) {
  std::size_t i = 0;
  for (std::size_t seen = 0; i < text.size() && seen < chars; ++seen) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

}  // namespace

std::optional<std::string> sap_date(std::string_view rfc3339) {
  if (rfc3339.size() < 10 || rfc3339[4] != '-' || rfc3339[7] != '-') return std::nullopt;
  std::string out;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!is_digit(rfc3339[i])) return std::nullopt;
    out += rfc3339[i];
  }
  if (rfc3339.size() > 10 && rfc3339[10] != 'T' && rfc3339[10] != 't' && rfc3339[10] != ' ')
    return std::nullopt;
  const int month = (out[4] - '0') * 10 + (out[5] - '0');
  const int day = (out[6] - '0') * 10 + (out[7] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return out;
}

std::optional<std::string> sap_decimal(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  if (digits.empty() || digits.front() == '.' || digits.back() == '.') return std::nullopt;
  if (std::count(digits.begin(), digits.end(), '.') > 1) return std::nullopt;
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return is_digit(c) || c == '.'; }))
    return std::nullopt;
  return std::string(text);
}

std::string alpha(std::string_view value, std::size_t width) {
  if (value.empty() || value.size() >= width || !std::all_of(value.begin(), value.end(), is_digit))
    return std::string(value);
  return std::string(width - value.size(), '0') + std::string(value);
}

std::optional<std::string> decimal_add(std::string_view a, std::string_view b) {
  return combine(a, b, 1);
}

std::optional<std::string> decimal_subtract(std::string_view a, std::string_view b) {
  return combine(a, b, -1);
}

std::optional<int> decimal_sign(std::string_view a) {
  auto x = fixed_of(a);
  if (!x) return std::nullopt;
  return x->units < 0 ? -1 : x->units > 0 ? 1 : 0;
}

const std::vector<FieldLimit>& field_limits() {
  return kFieldLimits;
}

std::size_t field_limit(std::string_view segment, std::string_view field) {
  for (const auto& limit : kFieldLimits)
    if (limit.segment == segment && limit.field == field) return limit.length;
  return 0;
}

std::vector<std::string> split_name(std::string_view name, std::size_t line_length,
                                    std::size_t lines) {
  std::vector<std::string> out;
  while (out.size() < lines && !name.empty()) {
    if (utf8_length(name) <= line_length) {
      out.emplace_back(name);
      name = {};
      break;
    }
    const std::size_t fits = utf8_prefix_bytes(name, line_length);
    // Break after the last space that fits, unless that leaves the line nearly empty.
    std::size_t cut = name.rfind(' ', fits);
    if (cut == std::string_view::npos || cut == 0) cut = fits;
    out.emplace_back(name.substr(0, cut));
    name.remove_prefix(cut);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  }
  out.emplace_back(name);
  return out;
}

std::string postal_code(std::string_view country, std::string_view code, std::size_t length) {
  const bool zip_plus_4 = code.size() == 10 && code[5] == '-' &&
                          std::all_of(code.begin(), code.begin() + 5, is_digit) &&
                          std::all_of(code.begin() + 6, code.end(), is_digit);
  if (country == "US" && zip_plus_4 && length < code.size()) return std::string(code.substr(0, 5));
  return std::string(code);
}

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string fit(std::string_view segment, std::string_view field, std::string_view value,
                OverflowPolicy policy) {
  const std::size_t limit = field_limit(segment, field);
  if (limit == 0 || utf8_length(value) <= limit) return std::string(value);
  if (policy == OverflowPolicy::refuse)
    throw sdk::ConnectorError(sdk::ResultClass::invalid,
                              std::string(segment) + "/" + std::string(field) + " is " +
                                  std::to_string(utf8_length(value)) +
                                  " characters long; SAP allows " + std::to_string(limit));
  return std::string(value.substr(0, utf8_prefix_bytes(value, limit)));
}

}  // namespace erpbridge::sap_xml
