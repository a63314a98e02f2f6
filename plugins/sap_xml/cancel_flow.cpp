// order.cancelled -> ORDERS05 with message type ORDCHG (SAP's order change, IDOC_INPUT_ORDCHG):
// the order named by SAP's number (E1EDK02 002); a whole order is reversed in the header
// (E1EDK01 ACTION 001); a partial cancel changes items (header 003): an item that keeps a
// quantity gets ACTION 002 with its new quantity, an item cancelled entirely ACTION 003.
#include <erpbridge/events.hpp>

#include "idoc_parts.hpp"
#include "sap_format.hpp"

namespace erpbridge::sap_xml {
namespace {

using namespace parts;
using boost::json::value;

// The quantity SAP's item has before this cancel: refs.lines[line].ordered_quantity minus
// refs.lines[line].cancelled_quantity (the host's order ledger). Without it the adapter cannot
// tell a reduced item from a cancelled one, and guessing could cancel what the shopper keeps.
std::string quantity_in_sap(const sdk::Delivery& d, const std::string& line_id) {
  const std::string where = "refs.lines." + line_id;
  const value* lines = d.refs.if_contains("lines");
  const value* line =
      lines && lines->is_object() ? lines->as_object().if_contains(line_id) : nullptr;
  if (!line || !line->is_object())
    refuse(where +
           ".ordered_quantity is missing: a partial cancel needs the item's quantity in "
           "SAP to send its new quantity (ACTION 002) or cancel it (ACTION 003)");
  const std::string ordered = decimal(line->as_object(), "ordered_quantity", where);
  if (ordered.empty()) refuse(where + ".ordered_quantity is missing");
  const std::string cancelled = decimal(line->as_object(), "cancelled_quantity", where);
  if (cancelled.empty()) return ordered;
  auto left = decimal_subtract(ordered, cancelled);
  if (!left) refuse(where + ": the quantities are too long for SAP's fields");
  return *left;
}

void item_change(IdocWriter& w, const sdk::Delivery& d, const sdk::ChangedLineView& item,
                 const std::string& where) {
  const std::string line_id(item.line_id());
  const std::string posex = erp_position(d, line_id);
  const std::string cancelled = std::to_string(item.quantity());
  const std::string before = quantity_in_sap(d, line_id);
  const auto after = decimal_subtract(before, cancelled);
  if (!after) refuse(where + ".quantity " + cancelled + " is too long for SAP's fields");
  const int sign = decimal_sign(*after).value_or(0);
  if (sign < 0)
    refuse(where + ".quantity " + cancelled + " is more than the " + before + " left on SAP item " +
           posex);
  w.open("E1EDP01");
  w.field("POSEX", posex);
  if (sign == 0) {
    w.field("ACTION", "003");  // item cancelled
  } else {
    w.field("ACTION", "002");  // item changed: the new quantity
    w.field("MENGE", *after);
  }
  w.close();
}

}  // namespace

Idoc change_document(const sdk::Delivery& d, const Settings& s, const MessageSettings& m) {
  // The host validated the event: a partial cancel names its lines, each with a positive
  // quantity (core/events).
  const auto cancel = sdk::view_of<sdk::CancellationView>(d);
  const std::string order = order_number(d);
  const auto lines = cancel.lines();
  const bool whole_order = cancel.full() || lines.empty();
  IdocWriter w(s.overflow);
  begin_idoc(w, d, s, m);
  w.open("E1EDK01");
  // 001 reverse entire document; 003 changes in one or more items.
  w.field("ACTION", whole_order ? "001" : "003");
  w.close();
  if (auto customer = d.ref("customer_erp_id")) sold_to(w, alpha(*customer));
  reference(w, "002", order);  // SAP's sales order number
  if (!whole_order) {
    for (std::size_t i = 0; i < lines.size(); ++i)
      item_change(w, d, lines[i], "data.items[" + std::to_string(i) + "]");
  }
  end_idoc(w);
  return {w.finish(), {}};
}

}  // namespace erpbridge::sap_xml
