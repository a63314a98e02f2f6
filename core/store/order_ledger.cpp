// The ledger's rules that do not depend on a store: check_move (what may be
// cancelled or returned), so every implementation refuses and admits the same moves.
#include "store/order_ledger.hpp"

#include <map>
#include <utility>

namespace erpbridge::store {

namespace {

const char* verb(MoveKind kind) {
  return kind == MoveKind::cancellation ? "cancel" : "return";
}

std::string item_path(std::size_t index) {
  return "data.items[" + std::to_string(index) + "]";
}

LedgerAdmission refuse(std::string reason, std::string field) {
  LedgerAdmission out;
  out.verdict = LedgerAdmission::Verdict::refused;
  out.reason = std::move(reason);
  out.field = std::move(field);
  return out;
}

std::string line_list(const LedgerOrder& order) {
  std::string out;
  for (const auto& line : order.lines) out += (out.empty() ? "" : ", ") + line.line_id;
  return out;
}

std::string quantities(const LedgerLine& line) {
  return "ordered " + std::to_string(line.ordered) + ", cancelled " +
         std::to_string(line.cancelled) + ", returned " + std::to_string(line.returned) +
         ", held by accepted cancellations and returns not delivered yet " +
         std::to_string(line.held) + ": " + std::to_string(line.available()) + " left";
}

}  // namespace

std::optional<MoveKind> move_kind_of_event(const std::string& event_type) {
  if (event_type == "order.cancelled") return MoveKind::cancellation;
  if (event_type == "order.returned") return MoveKind::order_return;
  return std::nullopt;
}

const LedgerLine* LedgerOrder::line(const std::string& line_id) const {
  for (const auto& l : lines)
    if (l.line_id == line_id) return &l;
  return nullptr;
}

const LedgerMove* LedgerOrder::move(MoveKind kind, const std::string& move_id) const {
  for (const auto& m : moves)
    if (m.kind == kind && m.move_id == move_id) return &m;
  return nullptr;
}

LedgerAdmission check_move(const LedgerOrder& order, LedgerMove& move) {
  if (const LedgerMove* first = order.move(move.kind, move.move_id)) {
    LedgerAdmission out;
    out.verdict = LedgerAdmission::Verdict::repeat;
    out.first_event_id = first->event_id;
    out.first_applied = first->applied;
    return out;
  }
  if (move.whole_order) {
    move.lines.clear();
    for (const auto& line : order.lines)
      if (line.available() > 0) move.lines.push_back({line.line_id, line.available()});
    if (move.lines.empty())
      return refuse("order " + order.order_id +
                        " has nothing left to cancel: every line is cancelled, returned, or "
                        "held by a cancellation or return accepted before",
                    "data.scope");
    return {};
  }
  // A line named twice moves the sum of its quantities.
  std::map<std::string, std::int64_t> wanted;
  for (std::size_t i = 0; i < move.lines.size(); ++i) {
    const LineQuantity& q = move.lines[i];
    const LedgerLine* line = order.line(q.line_id);
    if (!line)
      return refuse("order " + order.order_id + " has no line " + q.line_id +
                        " (its lines: " + line_list(order) + ")",
                    item_path(i) + ".line_id");
    const std::int64_t total = wanted[q.line_id] += q.quantity;
    if (q.quantity <= 0 || total > line->available())
      return refuse(std::string(verb(move.kind)) + " of " + std::to_string(total) + " on line " +
                        q.line_id + " of order " + order.order_id + " is more than is left (" +
                        quantities(*line) + ")",
                    item_path(i) + ".quantity");
  }
  return {};
}

}  // namespace erpbridge::store
