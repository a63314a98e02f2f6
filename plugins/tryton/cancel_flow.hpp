// order.cancelled (PROTOCOL.md §5).
//  - full: cancel the sale. Tryton cancels only draft and quotation sales; a confirmed sale is
//    set back to draft first. A processing sale (its shipment and invoice exist) is refused
//    with the reason, or voided when cancel_processing is `void` (sale_void.hpp).
//  - partial: remove the named lines, or lower their quantity, while the sale is draft,
//    quotation or confirmed (set back to draft for the change, then taken back to where it
//    was). The change and a note naming the cancellation go to Tryton in one write, so it is
//    applied once even when the event is delivered again.
// Every outcome is read back from Tryton before success is reported.
#pragma once

#include <erpbridge/connector.hpp>

#include "tryton_context.hpp"

namespace erpbridge::tryton {

sdk::Result cancel_order(TrytonContext& t, const sdk::Delivery& delivery);
// found when the cancellation is in Tryton: the sale is cancelled (full), or carries the
// cancellation's note (partial).
sdk::Result find_cancellation(TrytonContext& t, const sdk::Delivery& delivery);

}  // namespace erpbridge::tryton
