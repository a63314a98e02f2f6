// order.created and order.returned -> ORDERS05 (message type ORDERS): a standard order or a
// return order, told apart by the order type in E1EDK14 qualifier 012, as SD inbound reads it.
#include "idoc_parts.hpp"
#include "sap_format.hpp"

namespace erpbridge::sap_xml {
namespace {

using namespace parts;

void header(IdocWriter& w, const Settings& s, std::string_view currency,
            std::string_view order_type, std::string_view day) {
  w.open("E1EDK01");
  w.field("CURCY", currency);
  w.close();
  organization(w, s, order_type);
  if (!day.empty()) {
    w.open("E1EDK03");
    w.field("IDDAT", "012");  // document date
    w.field("DATUM", day);
    w.close();
  }
}

}  // namespace

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
  header(w, s, currency, s.order_type, placed);
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
  header(w, s, currency, s.return_order_type, day);
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
