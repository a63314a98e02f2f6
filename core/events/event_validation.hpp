#pragma once

#include <boost/json/object.hpp>

#include "events/event.hpp"

namespace erpbridge::events {

// Checks the `data` of one event type; fills `error` with the first problem, its path rooted
// at "data".
bool validate_data(EventType type, const boost::json::object& data, ValidationError& error);

}  // namespace erpbridge::events
