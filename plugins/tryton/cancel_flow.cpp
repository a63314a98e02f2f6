#include "cancel_flow.hpp"

#include <erpbridge/events.hpp>

#include <boost/json.hpp>

#include <cmath>
#include <map>

#include "event_fields.hpp"
#include "sale_records.hpp"
#include "sale_void.hpp"
#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

constexpr double kEpsilon = 1e-9;

struct CancelRequest {
  std::int64_t sale = 0;
  std::string order_id;
  bool full = false;
  std::string marker;  // the note a partial cancellation leaves in the sale's comment
  std::map<std::int64_t, double> quantities;  // sale.line id -> quantity to cancel
};

Expected<CancelRequest> cancel_request(const sdk::Delivery& delivery) {
  CancelRequest r;
  auto sale = sale_of(delivery);
  if (!sale) return sale.failure();
  r.sale = *sale;
  // The host validated the event: a partial cancel names at least one line, each with a
  // positive quantity (core/events).
  const auto cancel = sdk::view_of<sdk::CancellationView>(delivery);
  r.order_id = cancel.order_id();
  r.full = cancel.full();
  r.marker = "[erpbridge] cancellation " + std::string(cancel.cancellation_id());
  if (r.full) return r;
  for (const auto& item : cancel.lines()) {
    auto line = sale_line_of(delivery, item.line_id(), r.order_id);
    if (!line) return line.failure();
    r.quantities[*line] += static_cast<double>(item.quantity());
  }
  return r;
}

// Whether `note` is one whole line of `comment` ("... CX-1" must not match "... CX-10").
bool has_note(const std::string& comment, std::string_view note) {
  return ("\n" + comment + "\n").find("\n" + std::string(note) + "\n") != std::string::npos;
}

std::string sale_name(const SaleHeader& sale) {
  return "sale " + std::to_string(sale.id) + (sale.number.empty() ? "" : " (" + sale.number + ")");
}

Failure processed(const SaleHeader& sale, std::string_view what) {
  return permanent(sale_name(sale) + " is " + sale.state +
                   " in Tryton: its shipment and invoice exist, so Tryton 6.0 cannot " +
                   std::string(what) +
                   "; cancel the shipment and invoice in Tryton, or set cancel_processing: void");
}

// Success, naming the sale the cancellation applies to as its erp_id.
sdk::Result cancelled(const SaleHeader& sale, std::string_view how) {
  return sdk::Result::created(std::to_string(sale.id))
      .with("success", true)
      .with("message", sale_name(sale) + " " + std::string(how));
}

sdk::Result cancel_whole(TrytonContext& t, const SaleHeader& sale) {
  const auto& s = sale.state;
  if (s == "cancelled") return cancelled(sale, "was cancelled already");
  if (s == "done" && has_note(sale.comment, kVoidedNote))
    return cancelled(sale, "was voided already");
  if (s == "processing" || s == "done") {
    if (t.settings.cancel_processing != ProcessingCancel::void_)
      return processed(sale, "cancel it").to_result();
    auto voided = void_sale(t, sale);
    if (!voided) return voided.failure().to_result();
    return cancelled(sale,
                     "voided: its shipments and invoices are cancelled, the sale is " + *voided);
  }
  if (s == "confirmed") {
    auto back = t.workflow.press(sale.id, "draft", {"draft"});
    if (!back) return back.failure().to_result();
  } else if (s != "draft" && s != "quotation") {
    return permanent(sale_name(sale) + " is in state '" + s + "', which Tryton cannot cancel")
        .to_result();
  }
  auto now = t.workflow.press(sale.id, "cancel", {"cancelled"});
  if (!now) return now.failure().to_result();
  return cancelled(sale, "cancelled");
}

// The write that removes or lowers the lines, and leaves the marker in the comment.
Expected<json::object> line_changes(const CancelRequest& r, const SaleHeader& sale,
                                    const std::vector<SaleLine>& lines, bool& removes_all) {
  json::array deleted;
  json::array actions;
  for (const auto& [id, quantity] : r.quantities) {
    const SaleLine* line = nullptr;
    for (const auto& l : lines)
      if (l.id == id) line = &l;
    if (!line || line->sale != sale.id)
      return permanent("sale line " + std::to_string(id) + " is not a line of " + sale_name(sale));
    const double left = line->quantity - quantity;
    if (left < -kEpsilon)
      return permanent("cannot cancel " + std::to_string(quantity) + " of sale line " +
                       std::to_string(id) + ", which has " + std::to_string(line->quantity));
    if (std::fabs(left) <= kEpsilon)
      deleted.emplace_back(id);
    else
      actions.push_back(json::array{"write", json::array{id}, json::object{{"quantity", left}}});
  }
  removes_all = actions.empty() && deleted.size() == lines.size();
  if (!deleted.empty()) actions.push_back(json::array{"delete", std::move(deleted)});
  std::string comment = sale.comment;
  comment += (comment.empty() ? "" : "\n") + r.marker;
  return json::object{{"comment", comment}, {"lines", std::move(actions)}};
}

// Reads the lines back and checks that the change is there.
Expected<Done> verify_lines(TrytonContext& t, const CancelRequest& r, const SaleHeader& sale,
                            const std::vector<SaleLine>& before) {
  auto after = read_lines(t.rpc, sale.id);
  if (!after) return after.failure();
  for (const auto& [id, quantity] : r.quantities) {
    double expected = 0;
    for (const auto& l : before)
      if (l.id == id) expected = l.quantity - quantity;
    double actual = 0;
    for (const auto& l : *after)
      if (l.id == id) actual = l.quantity;
    if (std::fabs(actual - expected) > 1e-6)
      return permanent("Tryton did not apply the cancellation to sale line " + std::to_string(id) +
                       " of " + sale_name(sale));
  }
  return Done{};
}

// A sale that has the cancellation's note but was left in draft (the reply to the write was
// lost before the sale was taken back): take it as far as the workflow settings say.
sdk::Result finish_applied(TrytonContext& t, const SaleHeader& sale) {
  if (sale.state != "draft" || !t.settings.workflow.quote)
    return cancelled(sale, "has this cancellation already");
  auto state = t.workflow.advance(sale.id, "draft", t.settings.workflow);
  if (!state) return state.failure().to_result();
  return cancelled(sale, "has this cancellation already; the sale is " + *state);
}

sdk::Result cancel_lines(TrytonContext& t, const CancelRequest& r, const SaleHeader& sale) {
  if (has_note(sale.comment, r.marker)) return finish_applied(t, sale);
  const auto original = sale.state;
  if (original == "cancelled") return cancelled(sale, "was cancelled already, lines and all");
  if (original == "processing" || original == "done")
    return processed(sale, "remove lines from it").to_result();
  if (original != "draft" && original != "quotation" && original != "confirmed")
    return permanent(sale_name(sale) + " is in state '" + original +
                     "', where Tryton does not change lines")
        .to_result();

  auto all_lines = read_lines(t.rpc, sale.id);
  if (!all_lines) return all_lines.failure().to_result();
  bool removes_all = false;
  auto changes = line_changes(r, sale, *all_lines, removes_all);
  if (!changes) return changes.failure().to_result();
  if (removes_all) return cancel_whole(t, sale);

  if (original != "draft") {
    auto back = t.workflow.press(sale.id, "draft", {"draft"});
    if (!back) return back.failure().to_result();
  }
  auto written = t.rpc.write("sale.sale", json::array{sale.id}, *changes);
  if (!written) return written.failure().to_result();
  auto verified = verify_lines(t, r, sale, *all_lines);
  if (!verified) return verified.failure().to_result();
  const WorkflowSettings back_to{original != "draft", original == "confirmed"};
  auto state = t.workflow.advance(sale.id, "draft", back_to);
  if (!state) {
    Failure f = state.failure();
    f.message = "the lines are cancelled, but " + sale_name(sale) + " stays in draft: " + f.message;
    return f.to_result();
  }
  return cancelled(sale, "lines cancelled; the sale is " + *state);
}

}  // namespace

sdk::Result cancel_order(TrytonContext& t, const sdk::Delivery& delivery) {
  auto request = cancel_request(delivery);
  if (!request) return request.failure().to_result();
  auto sale = read_sale(t.rpc, request->sale);
  if (!sale) return sale.failure().to_result();
  return request->full ? cancel_whole(t, *sale) : cancel_lines(t, *request, *sale);
}

sdk::Result find_cancellation(TrytonContext& t, const sdk::Delivery& delivery) {
  auto request = cancel_request(delivery);
  if (!request) return request.failure().to_result();
  auto sale = read_sale(t.rpc, request->sale);
  if (!sale) return sale.failure().to_result();
  const bool noted =
      has_note(sale->comment, request->full ? std::string(kVoidedNote) : request->marker);
  // A partial cancellation left in draft is not finished: delivering it again finishes it.
  const bool finished = request->full || sale->state != "draft" || !t.settings.workflow.quote;
  const bool done = sale->state == "cancelled" || (noted && finished);
  if (!done) return sdk::Result::not_found();
  return cancelled(*sale, "has the cancellation").with("found", true);
}

}  // namespace erpbridge::tryton
