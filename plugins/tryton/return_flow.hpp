// order.returned: a return sale. Tryton 6.0 handles returns as a sale with negative quantities
// (its confirmation makes a customer return shipment and a credit note). The return sale is
// for the original sale's party, addresses and currency, has one line per returned item with
// the original line's product, unit and unit price, and refers to the original in
// `reference` ("<order_id>/<return_id>", which is how lookup finds it) and `description`.
#pragma once

#include <erpbridge/connector.hpp>

#include "tryton_context.hpp"

namespace erpbridge::tryton {

// A return sale that exists already for this return (an earlier attempt) is resumed.
sdk::Result return_order(TrytonContext& t, const sdk::Delivery& delivery);
sdk::Result find_return(TrytonContext& t, const sdk::Delivery& delivery);

}  // namespace erpbridge::tryton
