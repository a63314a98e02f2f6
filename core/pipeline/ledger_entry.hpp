// What an event brings to the order ledger (store/order_ledger.hpp): an order.created its
// order and lines, an order.cancelled or order.returned its move. The service puts it on the
// event's outbox row (NewEvent::ledger) so the store admits it in the accept transaction;
// `erpbridge send` admits it itself (EventDispatcher).
#pragma once

#include "events/event.hpp"
#include "store/order_ledger.hpp"

namespace erpbridge::pipeline {

// Empty for customer.created. `event` was validated (events/event_validation.cpp).
store::LedgerEntry ledger_entry(const events::Event& event);

}  // namespace erpbridge::pipeline
