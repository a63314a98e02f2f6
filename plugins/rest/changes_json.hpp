// The changes document of sync back (docs/sync-back.md, "Changes JSON"), as a pull or push
// mapping produced it: checked just enough for a clear error naming the change at fault (the
// host checks again), and put in canonical form.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace erpbridge::rest {

struct ChangesProblem {
  std::string pointer;  // into the changes document: "/inventory/1/quantity"
  std::string message;  // "must be a whole number >= 0"
};

struct AllowedChanges {
  bool inventory = true;
  bool order_status = true;
};

// Checks `changes` and normalises it in place: lists Lua wrote as {} become [], whole-number
// floats become integers, numeric order ids become text, absent or null `items` are dropped.
// Keys other than the allowed kinds are refused.
std::optional<ChangesProblem> normalize_changes(boost::json::object& changes,
                                                AllowedChanges allowed);

}  // namespace erpbridge::rest
