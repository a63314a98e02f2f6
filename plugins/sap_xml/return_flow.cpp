// order.returned -> ORDERS05 (message type ORDERS): a return order, told apart from a standard
// order by the return order type in E1EDK14 qualifier 012, as SD inbound reads it; each item
// names the original order's item it returns (E1EDP02 qualifier 002).
#include "idoc_parts.hpp"
#include "sap_format.hpp"

namespace erpbridge::sap_xml {

using namespace parts;

Idoc return_document(const sdk::Delivery& d, const Settings& s, const MessageSettings& m) {
  const object& data = d.data();
  const std::string order = order_number(d);
  const std::string customer =
      customer_number(d, "SAP needs the return's sold-to party, the original order's customer");
  const auto& items = child_array(data, "items");
  if (items.empty()) refuse("data.items is empty");
  const std::string day = date(data, "updated_at", "data");
  const std::string currency = text(data, "currency");
  IdocWriter w(s.overflow);
  begin_idoc(w, d, s, m);
  order_header(w, s, currency, s.return_order_type, day);
  sold_to(w, customer);
  reference(w, "001", required(data, "return_id", "data"), day);
  reference(w, "002", order);  // the original sales order
  std::vector<std::string> net_values;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string where = "data.items[" + std::to_string(i) + "]";
    const object& item = item_at(items, i, where);
    net_values.push_back(decimal(item, "amount", where));
    w.open("E1EDP01");
    w.field("POSEX", position_number(i));
    w.field("MENGE", decimal(item, "quantity", where));
    w.field("MENEE", unit_of(item, s));
    w.field("NETWR", net_values.back());
    w.open("E1EDP02");
    w.field("QUALF", "002");  // the order item this one returns
    w.field("BELNR", order);
    w.field("ZEILE", erp_position(d, required(item, "line_id", where)));
    w.close();
    const std::string tax = decimal(item, "tax_amount", where);
    if (!tax.empty()) {
      w.open("E1EDP04");
      w.field("MWSBT", tax);
      w.close();
    }
    material(w, item, s);
    w.close();
  }
  totals(w, net_values, currency);
  end_idoc(w);
  return {w.finish(), {}};
}

}  // namespace erpbridge::sap_xml
