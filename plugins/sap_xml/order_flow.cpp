// order.created -> ORDERS05 (message type ORDERS): a standard order, the order type in E1EDK14
// qualifier 012 (return_flow.cpp sends a return order the same way, with the return type).
#include "idoc_parts.hpp"
#include "sap_format.hpp"

namespace erpbridge::sap_xml {

using namespace parts;

Idoc order_document(const sdk::Delivery& d, const Settings& s, const MessageSettings& m) {
  const object& data = d.data();
  const std::string customer =
      customer_number(d, "the customer has no SAP number yet (the order's sold-to party)");
  const std::string order_id = required(data, "order_id", "data");
  const std::string placed = date(data, "placed_at", "data");
  const std::string currency = text(data, "currency");
  const auto& items = child_array(data, "items");
  if (items.empty()) refuse("data.items is empty");
  Idoc idoc;
  IdocWriter w(s.overflow);
  begin_idoc(w, d, s, m);
  order_header(w, s, currency, s.order_type, placed);
  sold_to(w, customer);
  partner(w, "WE", child_object(data, "shipping_address"));
  partner(w, "RE", child_object(data, "billing_address"));
  reference(w, "001", order_id, placed);  // our order number is the customer's PO number
  std::vector<std::string> net_values;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string where = "data.items[" + std::to_string(i) + "]";
    const object& item = item_at(items, i, where);
    const std::string posex = position_number(i);
    idoc.positions[required(item, "line_id", where)] = posex;
    net_values.push_back(decimal(item, "line_total", where));
    w.open("E1EDP01");
    w.field("POSEX", posex);
    w.field("MENGE", decimal(item, "quantity", where));
    w.field("MENEE", unit_of(item, s));
    w.field("VPREI", decimal(item, "unit_price", where));
    w.field("NETWR", net_values.back());
    const object& tax = child_object(item, "tax");
    if (!tax.empty()) {
      w.open("E1EDP04");
      w.field("MSATZ", decimal(tax, "rate", where + ".tax"));
      w.field("MWSBT", decimal(tax, "amount", where + ".tax"));
      w.close();
    }
    material(w, item, s);
    w.close();
  }
  totals(w, net_values, currency);
  end_idoc(w);
  idoc.xml = w.finish();
  return idoc;
}

}  // namespace erpbridge::sap_xml
