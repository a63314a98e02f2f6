// order.returned -> ORDERS05 (message type ORDERS): a return order, told apart from a standard
// order by the return order type in E1EDK14 qualifier 012, as SD inbound reads it; each item
// names the original order's item it returns (E1EDP02 qualifier 002).
#include <erpbridge/events.hpp>

#include "idoc_parts.hpp"
#include "sap_format.hpp"

namespace erpbridge::sap_xml {

using namespace parts;

Idoc return_document(const sdk::Delivery& d, const Settings& s, const MessageSettings& m) {
  // The host validated the event (core/events): a return id, at least one line, each naming an
  // order line with a positive quantity and its amount as a decimal string, and updated_at, when
  // given, as an RFC 3339 time.
  const auto ret = sdk::view_of<sdk::ReturnView>(d);
  const std::string order = order_number(d);
  const std::string customer =
      customer_number(d, "SAP needs the return's sold-to party, the original order's customer");
  const auto lines = ret.lines();
  // Neither the return's currency and date nor a line's tax amount and unit are in the view:
  // read as the event carries them (tax_amount is not validated by the host, so it is checked).
  const object& data = ret.json();
  const std::string day = document_date(text(data, "updated_at"));
  const std::string currency = text(data, "currency");
  IdocWriter w(s.overflow);
  begin_idoc(w, d, s, m);
  order_header(w, s, currency, s.return_order_type, day);
  sold_to(w, customer);
  reference(w, "001", ret.return_id(), day);
  reference(w, "002", order);  // the original sales order
  std::vector<std::string> net_values;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string where = "data.items[" + std::to_string(i) + "]";
    const sdk::ChangedLineView& line = lines[i];
    net_values.emplace_back(line.amount());
    w.open("E1EDP01");
    w.field("POSEX", position_number(i));
    w.field("MENGE", std::to_string(line.quantity()));
    w.field("MENEE", unit_of(line.json(), s));
    w.field("NETWR", net_values.back());
    w.open("E1EDP02");
    w.field("QUALF", "002");  // the order item this one returns
    w.field("BELNR", order);
    w.field("ZEILE", erp_position(d, std::string(line.line_id())));
    w.close();
    const std::string tax = decimal(line.json(), "tax_amount", where);
    if (!tax.empty()) {
      w.open("E1EDP04");
      w.field("MWSBT", tax);
      w.close();
    }
    material(w, line.sku(), text(line.json(), "name"), s);
    w.close();
  }
  totals(w, net_values, currency);
  end_idoc(w);
  return {w.finish(), {}};
}

}  // namespace erpbridge::sap_xml
