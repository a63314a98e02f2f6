#include "sap_format.hpp"

#include <erpbridge/connector.hpp>

#include <algorithm>
#include <cctype>
#include <utility>

namespace erpbridge::sap_xml {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Field lengths of the DEBMAS06 / ORDERS05 segments we fill (characters).
constexpr std::pair<std::string_view, std::size_t> kFieldLimits[] = {
    {"ARCKEY", 70},  {"BELNR", 35}, {"BSART", 4},       {"CURCY", 3},   {"DATUM", 8},
    {"IDOCTYP", 30}, {"IDTNR", 35}, {"KTEXT", 70},      {"KTOKD", 4},   {"LAND1", 3},
    {"MANDT", 3},    {"MENEE", 3},  {"MENGE", 15},      {"MESTYP", 30}, {"MSATZ", 17},
    {"MWSBT", 18},   {"NAME1", 35}, {"NETWR", 18},      {"ORT01", 35},  {"ORT02", 35},
    {"PARTN", 17},   {"POSEX", 6},  {"PSTLZ", 10},      {"RCVPOR", 10}, {"RCVPRN", 10},
    {"RCVPRT", 2},   {"REGIO", 3},  {"SMTP_ADDR", 241}, {"SNDPOR", 10}, {"SNDPRN", 10},
    {"SNDPRT", 2},   {"STCEG", 20}, {"STRAS", 35},      {"STRS2", 35},  {"TELF1", 16},
    {"VPREI", 15},   {"ZEILE", 6},
};

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

std::size_t field_limit(std::string_view field) {
  for (const auto& [name, limit] : kFieldLimits)
    if (name == field) return limit;
  return 0;
}

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string fit(std::string_view segment, std::string_view field, std::string_view value,
                OverflowPolicy policy) {
  const std::size_t limit = field_limit(field);
  if (limit == 0 || utf8_length(value) <= limit) return std::string(value);
  if (policy == OverflowPolicy::refuse)
    throw sdk::ConnectorError(sdk::ResultClass::invalid,
                              std::string(segment) + "/" + std::string(field) + " is " +
                                  std::to_string(utf8_length(value)) +
                                  " characters long; SAP allows " + std::to_string(limit));
  return std::string(value.substr(0, utf8_prefix_bytes(value, limit)));
}

}  // namespace erpbridge::sap_xml
