// The whole order an adapter gets in `refs` (docs/ledger.md#what-an-adapter-gets), from the
// order ledger: every line with its ERP id, prices and ordered / cancelled / returned /
// remaining quantities, and for a cancel or a return the lines it moves, by how much, and
// whether it empties the order.
#pragma once

#include <boost/json/object.hpp>

#include "store/order_ledger.hpp"

namespace erpbridge::pipeline {

// Adds customer_id, order_state, lines, line_ids, line_erp_ids, moves and empties_order to
// `refs` (and customer_erp_id / order_erp_id when the ledger has them and `refs` does not).
// `move` is this event's move, nullptr for an order.created.
void add_order_context(boost::json::object& refs, const store::LedgerOrder& order,
                       const store::LedgerMove* move);

}  // namespace erpbridge::pipeline
