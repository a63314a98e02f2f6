// The pull cursor the tryton connector hands the host (docs/sync-back.md): opaque to the host,
// plain text to us. It holds one high-water mark per change stream (stock moves, sales). A mark
// is the record's change stamp (write_date, or create_date while the record was never written)
// plus its id: Tryton stamps every record of one transaction with the same time, so the id
// breaks ties and nothing at the mark's exact time is skipped or returned twice.
//
//   v1;moves=2026-11-27T07:38:30.480364,12;sales=2026-11-27T07:38:31.653320,4
#pragma once

#include <boost/json/value.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace erpbridge::tryton {

// A Tryton datetime (UTC, naive, to the microsecond) in a form that orders correctly.
struct Stamp {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, microsecond = 0;

  auto operator<=>(const Stamp&) const = default;

  // "2026-11-27T07:38:30.480364"; always six fractional digits.
  std::string to_string() const;
  // That text, also without the fraction or with a trailing "Z" (pull.since accepts both).
  static std::optional<Stamp> parse(std::string_view text);
  // {"__class__": "datetime", "year": .., "microsecond": ..} as Tryton's JSON-RPC sends it.
  boost::json::value to_json() const;
  static std::optional<Stamp> from_json(const boost::json::value& value);
};

// A position in one change stream: everything up to and including (stamp, id) was seen.
struct Mark {
  Stamp stamp;
  std::int64_t id = 0;

  auto operator<=>(const Mark&) const = default;
};

struct PullCursor {
  Mark moves;
  Mark sales;

  std::string encode() const;
  // nullopt for text that is not a cursor this connector wrote.
  static std::optional<PullCursor> decode(std::string_view text);
};

}  // namespace erpbridge::tryton
