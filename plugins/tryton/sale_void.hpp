// Voiding a sale Tryton has already processed, which its `cancel` button cannot do
// (PROTOCOL.md §5, verified on 6.0): cancel the sale's shipments and invoices, let `process`
// see them as exceptions, and answer both exception wizards with "recreate nothing". Tryton
// then closes the sale as `done` (not `cancelled`); a note "[erpbridge] voided" goes in its
// comment so lookup can tell. Refused when a shipment or invoice cannot be cancelled any more
// (goods shipped, invoice paid): that needs a person in Tryton.
#pragma once

#include <string>

#include "outcome.hpp"
#include "sale_records.hpp"
#include "tryton_context.hpp"

namespace erpbridge::tryton {

inline constexpr std::string_view kVoidedNote = "[erpbridge] voided";

// Returns the state the sale ends in ("done").
Expected<std::string> void_sale(TrytonContext& t, const SaleHeader& sale);

}  // namespace erpbridge::tryton
