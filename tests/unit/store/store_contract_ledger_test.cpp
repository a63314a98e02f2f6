// The store contract, order-ledger part (store/order_ledger.hpp): an order's lines and what
// was cancelled and returned of them, written with the accept and the outcome that bring it,
// and the door check that keeps every line at or above zero. Instantiated per implementation
// (sqlite/sqlite_store_test.cpp).
#include "unit/store/store_contract.hpp"

namespace erpbridge::store::testing {
namespace {

LedgerLine line(const std::string& id, std::int64_t ordered) {
  LedgerLine l;
  l.line_id = id;
  l.sku = "SKU-" + id;
  l.name = "Item " + id;
  l.ordered = ordered;
  l.unit_price = "499.00";
  l.discount = "0.00";
  l.tax_rate = "12";
  l.tax_amount = "53.46";
  l.line_total = "499.00";
  return l;
}

// order.created of ORD-1 for cu_1: L1 x2, L2 x1.
NewEvent order_event(const std::string& tenant, const std::string& event_id, bool claim = false) {
  NewEvent e{tenant, event_id, "order.created", "order:ORD-1", "ORD-1", "{}"};
  e.claim = claim;
  LedgerOrder order;
  order.order_id = "ORD-1";
  order.customer_id = "cu_1";
  order.lines = {line("L1", 2), line("L2", 1)};
  e.ledger.order = order;
  return e;
}

NewEvent move_event(const std::string& tenant, const std::string& event_id, MoveKind kind,
                    const std::string& move_id, std::vector<LineQuantity> lines,
                    bool claim = false) {
  const bool cancel = kind == MoveKind::cancellation;
  NewEvent e{tenant,        event_id, cancel ? "order.cancelled" : "order.returned",
             "order:ORD-1", move_id,  "{}"};
  e.claim = claim;
  e.ledger.order_id = "ORD-1";
  LedgerMove move;
  move.kind = kind;
  move.move_id = move_id;
  move.whole_order = cancel && lines.empty();
  move.lines = std::move(lines);
  e.ledger.move = move;
  return e;
}

const LedgerLine& line_of(const LedgerOrder& order, const std::string& id) {
  const LedgerLine* l = order.line(id);
  if (!l) throw std::runtime_error("no line " + id);
  return *l;
}

// Accepts ORD-1 claimed and delivers it as SO1 (lines SO1-10, SO1-20), its customer cu_1
// already mapped to C1.
void deliver_order(Store& store) {
  store.ids().put_all("t1", {{EntityKind::customer, "cu_1", "C1"}});
  auto r = store.intake().accept({order_event("t1", "o", true)});
  ASSERT_TRUE(r[0].claimed);
  finish(store, delivered({r[0].event.seq}, 1, "SO1", "{}",
                          {{EntityKind::order, "ORD-1", "SO1"},
                           {EntityKind::order_line, order_line_key("ORD-1", "L1"), "SO1-10"},
                           {EntityKind::order_line, order_line_key("ORD-1", "L2"), "SO1-20"}}));
}

// Accepts a move claimed and delivers it.
void deliver_move(Store& store, const std::string& event_id, MoveKind kind,
                  const std::string& move_id, std::vector<LineQuantity> lines) {
  auto r =
      store.intake().accept({move_event("t1", event_id, kind, move_id, std::move(lines), true)});
  ASSERT_FALSE(r[0].refused) << r[0].refused->reason;
  ASSERT_TRUE(r[0].claimed);
  const EntityKind id_kind =
      kind == MoveKind::cancellation ? EntityKind::cancellation : EntityKind::order_return;
  finish(store, delivered({r[0].event.seq}, 1, std::nullopt, "{}", {{id_kind, move_id, "done"}}));
}

LedgerOrder order_of(Store& store) {
  auto o = store.ledger().order("t1", "ORD-1");
  if (!o) throw std::runtime_error("ORD-1 is not in the ledger");
  return *o;
}

TEST_P(StoreContract, LedgerAcceptedOrderIsInTheLedgerWithItsLinesAndNoErpIdsYet) {
  accept({order_event("t1", "o")});
  const LedgerOrder o = order_of(*store_);
  EXPECT_EQ(o.state, OrderState::accepted);
  EXPECT_EQ(o.customer_id, "cu_1");
  EXPECT_FALSE(o.order_erp_id);
  ASSERT_EQ(o.lines.size(), 2u);
  EXPECT_EQ(o.lines[0].line_id, "L1");  // in the order's own order
  EXPECT_EQ(o.lines[0].ordered, 2);
  EXPECT_EQ(o.lines[0].sku, "SKU-L1");
  EXPECT_EQ(o.lines[0].name, "Item L1");
  EXPECT_EQ(o.lines[0].unit_price, "499.00");
  EXPECT_EQ(o.lines[0].discount, "0.00");
  EXPECT_EQ(o.lines[0].tax_rate, "12");
  EXPECT_EQ(o.lines[0].tax_amount, "53.46");
  EXPECT_EQ(o.lines[0].line_total, "499.00");
  EXPECT_FALSE(o.lines[0].erp_id);
  EXPECT_EQ(o.lines[1].remaining(), 1);
  EXPECT_FALSE(store_->ledger().order("t2", "ORD-1"));  // per tenant
}

TEST_P(StoreContract, LedgerDeliveredOrderGetsItsCustomersOrdersAndLinesErpIds) {
  deliver_order(*store_);
  // Another store on the same data: the ledger committed with the outcome.
  auto o = reopen()->ledger().order("t1", "ORD-1");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->state, OrderState::open);
  EXPECT_EQ(o->order_erp_id, "SO1");
  EXPECT_EQ(o->customer_erp_id, "C1");
  EXPECT_EQ(line_of(*o, "L1").erp_id, "SO1-10");
  EXPECT_EQ(line_of(*o, "L2").erp_id, "SO1-20");
}

TEST_P(StoreContract, LedgerAcceptedCancelHoldsItsQuantityUntilDeliveredThenCountsAsCancelled) {
  deliver_order(*store_);
  auto r = accept({move_event("t1", "c", MoveKind::cancellation, "CX-1", {{"L1", 1}}, true)});
  ASSERT_FALSE(r[0].refused);
  EXPECT_EQ(line_of(order_of(*store_), "L1").held, 1);
  EXPECT_EQ(line_of(order_of(*store_), "L1").cancelled, 0);
  EXPECT_EQ(line_of(order_of(*store_), "L1").available(), 1);
  finish(*store_, delivered({r[0].event.seq}, 1, std::nullopt, "{}",
                            {{EntityKind::cancellation, "CX-1", "done"}}));
  const LedgerLine l1 = line_of(order_of(*store_), "L1");
  EXPECT_EQ(l1.held, 0);
  EXPECT_EQ(l1.cancelled, 1);
  EXPECT_EQ(l1.remaining(), 1);
  EXPECT_EQ(l1.cancellation_ids, std::vector<std::string>{"CX-1"});
  EXPECT_EQ(order_of(*store_).state, OrderState::open);
}

TEST_P(StoreContract, LedgerCancelOfMoreThanIsLeftIsRefusedNamingTheLineAndNothingIsStored) {
  deliver_order(*store_);
  deliver_move(*store_, "c1", MoveKind::cancellation, "CX-1", {{"L1", 1}});
  auto r = accept({move_event("t1", "c2", MoveKind::cancellation, "CX-2", {{"L1", 2}})});
  ASSERT_TRUE(r[0].refused);
  EXPECT_EQ(r[0].refused->verdict, LedgerAdmission::Verdict::refused);
  EXPECT_NE(r[0].refused->reason.find("line L1"), std::string::npos) << r[0].refused->reason;
  EXPECT_NE(r[0].refused->reason.find("ordered 2, cancelled 1"), std::string::npos)
      << r[0].refused->reason;
  EXPECT_EQ(r[0].refused->field, "data.items[0].quantity");
  EXPECT_FALSE(find("t1", "c2"));
  EXPECT_FALSE(order_of(*store_).move(MoveKind::cancellation, "CX-2"));
}

TEST_P(StoreContract, LedgerTwoCancelsInOneBatchCannotTogetherTakeMoreThanTheLine) {
  deliver_order(*store_);
  auto r = accept({move_event("t1", "c1", MoveKind::cancellation, "CX-1", {{"L1", 2}}),
                   move_event("t1", "c2", MoveKind::cancellation, "CX-2", {{"L1", 1}})});
  EXPECT_FALSE(r[0].refused);
  ASSERT_TRUE(r[1].refused);
  EXPECT_TRUE(find("t1", "c1"));
  EXPECT_FALSE(find("t1", "c2"));
}

TEST_P(StoreContract, LedgerALineNamedTwiceMovesTheSumOfItsQuantities) {
  deliver_order(*store_);
  auto r = accept({move_event("t1", "c", MoveKind::cancellation, "CX-1", {{"L2", 1}, {"L2", 1}})});
  ASSERT_TRUE(r[0].refused);
  EXPECT_EQ(r[0].refused->field, "data.items[1].quantity");
}

TEST_P(StoreContract, LedgerUnknownLineIsRefusedNamingItAndTheOrdersLines) {
  deliver_order(*store_);
  auto r = accept({move_event("t1", "r", MoveKind::order_return, "RT-1", {{"L9", 1}})});
  ASSERT_TRUE(r[0].refused);
  EXPECT_NE(r[0].refused->reason.find("no line L9 (its lines: L1, L2)"), std::string::npos)
      << r[0].refused->reason;
  EXPECT_EQ(r[0].refused->field, "data.items[0].line_id");
  EXPECT_FALSE(find("t1", "r"));
}

TEST_P(StoreContract, LedgerReturnCannotTakeWhatWasCancelled) {
  deliver_order(*store_);
  deliver_move(*store_, "c", MoveKind::cancellation, "CX-1", {{"L2", 1}});
  auto r = accept({move_event("t1", "r", MoveKind::order_return, "RT-1", {{"L2", 1}})});
  ASSERT_TRUE(r[0].refused);
  EXPECT_NE(r[0].refused->reason.find("return of 1 on line L2"), std::string::npos)
      << r[0].refused->reason;
}

TEST_P(StoreContract, LedgerRepeatedCancellationUnderANewEventIdGetsTheFirstEventsRow) {
  deliver_order(*store_);
  deliver_move(*store_, "c1", MoveKind::cancellation, "CX-1", {{"L1", 1}});
  auto r = accept({move_event("t1", "c1-again", MoveKind::cancellation, "CX-1", {{"L1", 1}})});
  EXPECT_FALSE(r[0].refused);
  EXPECT_TRUE(r[0].duplicate);
  EXPECT_EQ(r[0].event.event_id, "c1");
  EXPECT_EQ(r[0].event.state, EventState::delivered);
  EXPECT_FALSE(find("t1", "c1-again"));
  EXPECT_EQ(line_of(order_of(*store_), "L1").cancelled, 1);  // changed nothing
}

TEST_P(StoreContract, LedgerFullCancelMovesWhatIsLeftOfEveryLineAndClosesTheOrder) {
  deliver_order(*store_);
  deliver_move(*store_, "r", MoveKind::order_return, "RT-1", {{"L1", 1}});
  deliver_move(*store_, "c", MoveKind::cancellation, "CX-1", {});
  const LedgerOrder o = order_of(*store_);
  const LedgerMove* full = o.move(MoveKind::cancellation, "CX-1");
  ASSERT_TRUE(full);
  EXPECT_TRUE(full->whole_order);
  ASSERT_EQ(full->lines.size(), 2u);
  EXPECT_EQ(line_of(o, "L1").cancelled, 1);
  EXPECT_EQ(line_of(o, "L1").returned, 1);
  EXPECT_EQ(line_of(o, "L1").return_ids, std::vector<std::string>{"RT-1"});
  EXPECT_EQ(line_of(o, "L2").cancelled, 1);
  EXPECT_EQ(o.state, OrderState::closed);
  auto again = accept({move_event("t1", "c2", MoveKind::cancellation, "CX-2", {})});
  ASSERT_TRUE(again[0].refused);
  EXPECT_EQ(again[0].refused->field, "data.scope");
}

TEST_P(StoreContract, LedgerMoveForAnOrderTheLedgerDoesNotKnowIsStoredUnchecked) {
  auto r = accept({move_event("t1", "c", MoveKind::cancellation, "CX-1", {{"L1", 5}})});
  EXPECT_FALSE(r[0].refused);
  EXPECT_FALSE(r[0].duplicate);
  EXPECT_TRUE(find("t1", "c"));
  EXPECT_FALSE(store_->ledger().order("t1", "ORD-1"));
}

TEST_P(StoreContract, LedgerDeadCancelKeepsHoldingItsQuantity) {
  deliver_order(*store_);
  auto r = accept({move_event("t1", "c", MoveKind::cancellation, "CX-1", {{"L2", 1}}, true)});
  finish(*store_, dead({r[0].event.seq}, 1, LastClass::permanent, "refused by the ERP"));
  EXPECT_EQ(line_of(order_of(*store_), "L2").held, 1);
  EXPECT_EQ(line_of(order_of(*store_), "L2").cancelled, 0);
  EXPECT_TRUE(
      accept({move_event("t1", "c2", MoveKind::cancellation, "CX-2", {{"L2", 1}})})[0].refused);
}

TEST_P(StoreContract, LedgerAdmitAndRecordDeliveredWorkWithoutTheOutbox) {
  LedgerEntry order_entry = order_event("t1", "o").ledger;
  auto& ledger = store_->ledger();
  EXPECT_EQ(ledger.admit("t1", "o", order_entry).verdict, LedgerAdmission::Verdict::admitted);
  ledger.record_delivered("t1", "order.created", "ORD-1",
                          {{EntityKind::order, "ORD-1", "SO7"},
                           {EntityKind::order_line, order_line_key("ORD-1", "L1"), "SO7-1"}});
  EXPECT_EQ(store_->ids().get("t1", EntityKind::order, "ORD-1"), "SO7");
  EXPECT_EQ(order_of(*store_).order_erp_id, "SO7");
  EXPECT_EQ(line_of(order_of(*store_), "L1").erp_id, "SO7-1");

  LedgerEntry cancel = move_event("t1", "c", MoveKind::cancellation, "CX-1", {{"L1", 2}}).ledger;
  EXPECT_EQ(ledger.admit("t1", "c", cancel).verdict, LedgerAdmission::Verdict::admitted);
  const auto repeat = ledger.admit("t1", "c-again", cancel);
  EXPECT_EQ(repeat.verdict, LedgerAdmission::Verdict::repeat);
  EXPECT_EQ(repeat.first_event_id, "c");
  EXPECT_FALSE(repeat.first_applied);
  ledger.record_delivered("t1", "order.cancelled", "CX-1",
                          {{EntityKind::cancellation, "CX-1", "done"}});
  EXPECT_EQ(line_of(order_of(*store_), "L1").cancelled, 2);
  EXPECT_TRUE(ledger.admit("t1", "c-again", cancel).first_applied);
}

TEST_P(StoreContract, LedgerResolvingADeadOrderWithItsErpIdDeliversItAndRecordsTheIds) {
  auto r = accept({order_event("t1", "o", true)});
  finish(*store_, dead({r[0].event.seq}, 3, LastClass::in_doubt, "in doubt, unresolved: ..."));
  EXPECT_TRUE(store_->dead_letters().resolve(
      "t1", "o", "SO5", {{EntityKind::order, "ORD-1", "SO5"}}, R"({"class":"ok"})"));
  const auto row = find("t1", "o");
  EXPECT_EQ(row->state, EventState::delivered);
  EXPECT_EQ(row->erp_id, "SO5");
  EXPECT_EQ(row->attempts, 3);
  EXPECT_EQ(store_->ids().get("t1", EntityKind::order, "ORD-1"), "SO5");
  EXPECT_EQ(order_of(*store_).order_erp_id, "SO5");
  EXPECT_EQ(order_of(*store_).state, OrderState::open);
  // Only a dead letter can be resolved.
  EXPECT_FALSE(store_->dead_letters().resolve("t1", "o", "SO6", {}, "{}"));
  EXPECT_FALSE(store_->dead_letters().resolve("t1", "nope", "SO6", {}, "{}"));
  EXPECT_EQ(find("t1", "o")->erp_id, "SO5");
}

}  // namespace
}  // namespace erpbridge::store::testing
