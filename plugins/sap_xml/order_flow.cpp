// order.created -> ORDERS05 (message type ORDERS): a standard order, the order type in E1EDK14
// qualifier 012 (return_flow.cpp sends a return order the same way, with the return type).
#include <erpbridge/events.hpp>

#include "idoc_parts.hpp"
#include "sap_format.hpp"

namespace erpbridge::sap_xml {

using namespace parts;

Idoc order_document(const sdk::Delivery& d, const Settings& s, const MessageSettings& m) {
  // The host validated the event (core/events): an order id, an RFC 3339 placed_at, a currency,
  // at least one line, each with ids, a positive quantity and money as decimal strings.
  const auto order = sdk::view_of<sdk::OrderView>(d);
  const std::string customer =
      customer_number(d, "the customer has no SAP number yet (the order's sold-to party)");
  const std::string placed = document_date(order.placed_at());
  const std::string_view currency = order.currency();
  const auto lines = order.lines();
  Idoc idoc;
  IdocWriter w(s.overflow);
  begin_idoc(w, d, s, m);
  order_header(w, s, currency, s.order_type, placed);
  sold_to(w, customer);
  partner(w, "WE", order.shipping_address());
  partner(w, "RE", order.billing_address());
  reference(w, "001", order.order_id(), placed);  // our order number is the customer's PO number
  std::vector<std::string> net_values;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const sdk::OrderLineView& line = lines[i];
    const std::string posex = position_number(i);
    idoc.positions[std::string(line.line_id())] = posex;
    net_values.emplace_back(line.line_total());
    w.open("E1EDP01");
    w.field("POSEX", posex);
    w.field("MENGE", std::to_string(line.quantity()));
    w.field("MENEE", unit_of(line.json(), s));
    w.field("VPREI", line.unit_price());
    w.field("NETWR", net_values.back());
    // A tax object, even one without rate and amount, gets its segment as before.
    if (!child_object(line.json(), "tax").empty()) {
      w.open("E1EDP04");
      w.field("MSATZ", line.tax_rate());
      w.field("MWSBT", line.tax_amount());
      w.close();
    }
    material(w, line.sku(), line.name(), s);
    w.close();
  }
  totals(w, net_values, currency);
  end_idoc(w);
  idoc.xml = w.finish();
  return idoc;
}

}  // namespace erpbridge::sap_xml
