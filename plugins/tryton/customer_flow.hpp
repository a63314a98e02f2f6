// customer.created: find or create the party (PROTOCOL.md §3), answer its id.
#pragma once

#include <erpbridge/connector.hpp>

#include "tryton_context.hpp"

namespace erpbridge::tryton {

// Creates the party, unless one with the same code exists already (an earlier attempt whose
// reply was lost): then its id is the answer and nothing is created.
sdk::Result create_customer(TrytonContext& t, const sdk::Delivery& delivery);
// found + erp_id when a party has the customer's code.
sdk::Result find_customer(TrytonContext& t, const sdk::Delivery& delivery);

}  // namespace erpbridge::tryton
