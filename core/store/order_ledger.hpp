// The order ledger (issue 13): per tenant, for each order, its customer, its ERP id and state,
// and each line with what it was ordered at and how much of it was cancelled and returned so
// far, by which cancellations and returns. It is what lets the host refuse a cancel or return
// that would take a line below zero before any ERP call, and what gives an adapter the whole
// order on a cancel or a return (pipeline/reference_resolver).
//
// Written with the transactions that already exist: an accepted event's part of the ledger
// (LedgerEntry, NewEvent::ledger) in its accept transaction, a delivered event's ERP ids and
// applied quantities in the transaction of its `delivered` outcome (OutcomeWriter::finish), so
// the ledger survives a crash exactly as the outbox does. OrderLedgers offers the same two
// writes, each in its own transaction, to callers that deliver without the outbox (`erpbridge
// send`). docs/ledger.md describes the rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/id_map.hpp"

namespace erpbridge::store {

// accepted: its order.created was accepted, the ERP has no id for it yet; open: the ERP has
// it and something is left; closed: nothing is left (every line cancelled or returned).
enum class OrderState { accepted, open, closed };
const char* to_string(OrderState s);
std::optional<OrderState> parse_order_state(const std::string& s);

enum class MoveKind { cancellation, order_return };
const char* to_string(MoveKind k);  // "cancellation", "return"
std::optional<MoveKind> parse_move_kind(const std::string& s);
// The move an event type makes: order.cancelled a cancellation, order.returned a return.
std::optional<MoveKind> move_kind_of_event(const std::string& event_type);

struct LineQuantity {
  std::string line_id;
  std::int64_t quantity = 0;
};

// One cancellation or return of an order, as accepted.
struct LedgerMove {
  MoveKind kind = MoveKind::cancellation;
  std::string move_id;       // cancellation_id / return_id
  std::string event_id;      // the event that brought it first
  bool whole_order = false;  // a full cancel: what was left of every line when it was accepted
  bool applied = false;      // delivered: the ERP has it
  std::vector<LineQuantity> lines;  // how much of which line it moves
};

struct LedgerLine {
  std::string line_id, sku, name;
  std::int64_t ordered = 0;
  // Decimal text as the order carried it ("" when absent).
  std::string unit_price, discount, tax_rate, tax_amount, line_total;
  std::optional<std::string> erp_id;
  // Applied (delivered) so far, and the moves that did it.
  std::int64_t cancelled = 0, returned = 0;
  std::vector<std::string> cancellation_ids, return_ids;
  // Accepted moves not delivered yet: they hold their quantities, so two cancels accepted
  // one after the other cannot together take more than the line has.
  std::int64_t held = 0;

  std::int64_t remaining() const { return ordered - cancelled - returned; }  // in the ERP
  std::int64_t available() const { return remaining() - held; }  // what a new move may take
};

struct LedgerOrder {
  std::string order_id;
  std::string customer_id;
  std::optional<std::string> customer_erp_id, order_erp_id;
  OrderState state = OrderState::accepted;
  std::vector<LedgerLine> lines;  // in the order's own line order
  std::vector<LedgerMove> moves;  // in acceptance order

  const LedgerLine* line(const std::string& line_id) const;
  const LedgerMove* move(MoveKind kind, const std::string& move_id) const;
};

// What one accepted event brings to the ledger: an order.created its order (state accepted,
// lines with nothing cancelled), an order.cancelled / order.returned its move (`order_id` and
// the move). Empty for every other event.
struct LedgerEntry {
  std::optional<LedgerOrder> order;
  std::string order_id;            // of the move
  std::optional<LedgerMove> move;  // lines empty and whole_order set: a full cancel
  bool empty() const { return !order && !move; }
};

// What admitting an entry came to.
struct LedgerAdmission {
  enum class Verdict {
    admitted,   // recorded (an order registered, or a move holding its quantities)
    unchecked,  // a move for an order the ledger does not know: recorded nothing, checked at
                // delivery (pipeline::EventDispatcher)
    repeat,     // the move was accepted before (first_event_id): nothing changes
    refused,    // a line unknown or more than is left: `reason`, at `field`
  };
  Verdict verdict = Verdict::admitted;
  std::string first_event_id;  // repeat
  bool first_applied = false;  // repeat: the first one was delivered
  std::string reason;          // refused: names the line and the quantities
  std::string field;           // refused: the event's JSON path, e.g. data.items[0].quantity
};

// The rule every store applies, shared so all implementations agree: checks `move` against
// `order` (the ledger as it is, with the holds of every move accepted so far) and, when it may
// be admitted, fills `move.lines` with what it moves (for a full cancel: what each line has
// available). A move whose kind and id the order already has is a repeat.
LedgerAdmission check_move(const LedgerOrder& order, LedgerMove& move);

class OrderLedgers {
 public:
  virtual ~OrderLedgers() = default;
  // The order's ledger, or nullopt when no order.created of it was accepted.
  virtual std::optional<LedgerOrder> order(const std::string& tenant,
                                           const std::string& order_id) const = 0;
  // What accept does with NewEvent::ledger, in a transaction of its own: registers an order
  // (an order already known is kept as it is), or checks and records a move (check_move).
  virtual LedgerAdmission admit(const std::string& tenant, const std::string& event_id,
                                const LedgerEntry& entry) = 0;
  // What a `delivered` outcome does, in a transaction of its own: writes `created_ids` to the
  // id map and, for the ledger, an order.created's ERP ids (the order's, its lines', its
  // customer's from the id map; state open) or a cancel's / return's move applied (the
  // order's state follows). `document_id` is the event's (NewEvent::document_id).
  virtual void record_delivered(const std::string& tenant, const std::string& event_type,
                                const std::string& document_id,
                                const std::vector<IdMapEntry>& created_ids) = 0;
};

}  // namespace erpbridge::store
