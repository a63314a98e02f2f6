// SAP's external formats: dates, decimals, ALPHA-converted numbers and field lengths.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sap_settings.hpp"

namespace erpbridge::sap_xml {

// "2026-11-20T10:31:10+05:30" -> "20261120": the calendar date as written (the store's local
// date), not converted to UTC. nullopt when `rfc3339` does not start with YYYY-MM-DD.
std::optional<std::string> sap_date(std::string_view rfc3339);

// A decimal as SAP reads it: digits, at most one '.', optional leading '-'. Accepts JSON
// numbers' text and strings like "499.00"; nullopt for anything else ("1,5", "abc").
std::optional<std::string> sap_decimal(std::string_view text);

// ALPHA conversion: all-digit values are left-padded with zeros to `width`; others unchanged.
std::string alpha(std::string_view value, std::size_t width = 10);

// The maximum length of an IDoc field, or 0 when the table has no limit for it.
std::size_t field_limit(std::string_view field);

// Applies the length limit of `field` under `policy`: truncates (at a UTF-8 character
// boundary), or throws sdk::ConnectorError(invalid) naming the segment and field.
std::string fit(std::string_view segment, std::string_view field, std::string_view value,
                OverflowPolicy policy);

// The number of UTF-8 characters in `text` (SAP lengths count characters, not bytes).
std::size_t utf8_length(std::string_view text);

}  // namespace erpbridge::sap_xml
