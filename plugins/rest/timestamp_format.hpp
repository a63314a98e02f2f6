// Reformatting RFC 3339 timestamps for the date() mapping helper, without the C library's
// locale or time zone database: "2026-11-20T10:31:10+05:30" with "%Y%m%d" gives "20261120".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <erpbridge/expected.hpp>

namespace erpbridge::rest {

// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t year, int month, int day);

// `timestamp`: RFC 3339 date-time ("2026-11-20T10:31:10.5+05:30", "...Z") or a full date
// ("2026-11-20"). `pattern`: strftime-like; supported: %Y %y %m %d %e %H %I %M %S %p %j %a %A
// %b %B %F %T %z (+0530) %Ez (+05:30) %s (Unix seconds) %%. `zone`: empty keeps the
// timestamp's own offset; "UTC"/"Z" or "+hh:mm"/"-hh:mm" converts to that offset first.
sdk::Expected<std::string> reformat_timestamp(std::string_view timestamp, std::string_view pattern,
                                              std::string_view zone = {});

}  // namespace erpbridge::rest
