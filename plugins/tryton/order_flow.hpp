// order.created: find or create the sale for our order_id, take it as far as the workflow
// settings say, read its state and lines back, answer its id and line ids.
#pragma once

#include <erpbridge/connector.hpp>

#include "tryton_context.hpp"

namespace erpbridge::tryton {

// A sale whose reference is already our order_id (an earlier attempt got that far) is resumed
// instead of created again: the workflow continues from its state.
sdk::Result create_order(TrytonContext& t, const sdk::Delivery& delivery);
// found + erp_id + line_erp_ids when a sale with our reference exists and has reached the
// workflow's target state; found: false otherwise (resending then resumes that sale).
sdk::Result find_order(TrytonContext& t, const sdk::Delivery& delivery);

}  // namespace erpbridge::tryton
