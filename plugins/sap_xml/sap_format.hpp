// SAP's external formats: dates, decimals, ALPHA-converted numbers and field lengths.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sap_settings.hpp"

namespace erpbridge::sap_xml {

// "2026-11-20T10:31:10+05:30" -> "20261120": the calendar date as written (the store's local
// date), not converted to UTC. nullopt when `rfc3339` does not start with YYYY-MM-DD.
std::optional<std::string> sap_date(std::string_view rfc3339);

// A decimal as SAP reads it: digits, at most one '.', optional leading '-'. Accepts JSON
// numbers' text and strings like "499.00"; nullopt for anything else ("1,5", "abc").
std::optional<std::string> sap_decimal(std::string_view text);

// `a + b` and `a - b` of two decimals as sap_decimal accepts them, exactly (no floating point),
// with as many decimal places as the more precise operand; nullopt for a malformed operand.
std::optional<std::string> decimal_add(std::string_view a, std::string_view b);
std::optional<std::string> decimal_subtract(std::string_view a, std::string_view b);
// -1, 0 or 1 as `a` is below, equal to or above zero; nullopt when malformed.
std::optional<int> decimal_sign(std::string_view a);

// ALPHA conversion: all-digit values are left-padded with zeros to `width`; others unchanged.
std::string alpha(std::string_view value, std::size_t width = 10);

// One field the adapter fills and its length in SAP's segment definition (characters).
struct FieldLimit {
  std::string_view segment;
  std::string_view field;
  std::size_t length;
};

// Every field the adapter writes, with its SAP length; README.md's "Field limits" table lists
// the same rows (a test compares them, another compares them with the XSDs).
const std::vector<FieldLimit>& field_limits();

// The length of `field` in `segment`, or 0 when the adapter does not write that field.
std::size_t field_limit(std::string_view segment, std::string_view field);

// A name for SAP's NAME1..NAME4 lines of `line_length` characters: the first `lines` lines,
// broken after the last space that fits (else mid-word); what does not fit in them is the last
// element, "" when everything fits.
std::vector<std::string> split_name(std::string_view name, std::size_t line_length,
                                    std::size_t lines);

// A postal code for a field of `length` characters: a US ZIP+4 ("94105-1234") that is longer
// than the field keeps its 5-digit ZIP code, the form SAP's US postal code check accepts;
// anything else is returned unchanged (the overflow policy then applies).
std::string postal_code(std::string_view country, std::string_view code, std::size_t length);

// Applies the length limit of `field` in `segment` under `policy`: truncates (at a UTF-8 character
// boundary), or throws sdk::ConnectorError(invalid) naming the segment and field.
std::string fit(std::string_view segment, std::string_view field, std::string_view value,
                OverflowPolicy policy);

// The number of UTF-8 characters in `text` (SAP lengths count characters, not bytes).
std::size_t utf8_length(std::string_view text);

}  // namespace erpbridge::sap_xml
