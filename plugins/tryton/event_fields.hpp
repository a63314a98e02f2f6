// Reading the event's `data`: the host validated the event, but the adapter does not trust
// that for what it needs; a missing field is an `invalid` failure naming its path.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

#include "outcome.hpp"

namespace erpbridge::tryton {

// The string at `key`, or "" when absent or null.
std::string optional_text(const boost::json::object& o, std::string_view key);
// The non-empty string at `key`, or an invalid failure naming `path` (e.g. "data.order_id").
Expected<std::string> required_text(const boost::json::object& o, std::string_view key,
                                    std::string_view path);
// The object at `key`, or nullptr.
const boost::json::object* optional_object(const boost::json::object& o, std::string_view key);

}  // namespace erpbridge::tryton
