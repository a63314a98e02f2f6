// Percent-encoding of URL path segments and query values (RFC 3986). '+' is not a space: a
// caller sends JSON in ?data= encoded with encodeURIComponent, which writes '+' as %2B.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace erpbridge::api {

// nullopt for a malformed escape ("%4", "%zz").
std::optional<std::string> percent_decode(std::string_view text);
// Everything but unreserved characters (A-Z a-z 0-9 - . _ ~) and ':' is escaped, so an
// event id such as "order.created:ORD/5001" stays one path segment.
std::string percent_encode_segment(std::string_view text);
// "a=1&b=x%20y" -> {a: 1, b: "x y"}; the first of repeated names wins. nullopt if malformed.
std::optional<std::map<std::string, std::string>> parse_query(std::string_view query);

}  // namespace erpbridge::api
