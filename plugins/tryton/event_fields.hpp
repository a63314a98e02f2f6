// Reading the event's `data` where the SDK's typed views (<erpbridge/events.hpp>) do not reach:
// fields the host's validation leaves optional, and the refs that name Tryton's records.
#pragma once

#include <erpbridge/connector.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

#include "outcome.hpp"

namespace erpbridge::tryton {

// The string at `key`, or "" when absent or null.
std::string optional_text(const boost::json::object& o, std::string_view key);
// The object at `key`, or nullptr.
const boost::json::object* optional_object(const boost::json::object& o, std::string_view key);

// The Tryton sale a cancel or return applies to (refs.order_erp_id), or an invalid failure.
Expected<std::int64_t> sale_of(const sdk::Delivery& delivery);

// The Tryton sale.line id that order.created gave our `line_id` (refs.line_erp_ids), or a
// permanent failure: a cancel or return of a line Tryton never had cannot succeed later.
Expected<std::int64_t> sale_line_of(const sdk::Delivery& delivery, std::string_view line_id,
                                    std::string_view order_id);

}  // namespace erpbridge::tryton
