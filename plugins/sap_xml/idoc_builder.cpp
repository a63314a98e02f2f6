#include "idoc_builder.hpp"

#include <boost/json.hpp>

#include <cstdio>

#include "idoc_writer.hpp"
#include "sap_format.hpp"

namespace erpbridge::sap_xml {
namespace {

using boost::json::object;
using boost::json::value;

[[noreturn]] void refuse(const std::string& message) {
  throw sdk::ConnectorError(sdk::ResultClass::invalid, message);
}

// A scalar field as text; "" when missing or null. Numbers keep their JSON spelling.
std::string text(const object& o, std::string_view key) {
  const value* v = o.if_contains(key);
  if (!v || v->is_null()) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  if (v->is_double()) return boost::json::serialize(*v);
  return "";
}

std::string required(const object& o, std::string_view key, std::string_view where) {
  std::string out = text(o, key);
  if (out.empty()) refuse(std::string(where) + "." + std::string(key) + " is missing");
  return out;
}

const object& child_object(const object& o, std::string_view key) {
  static const object empty;
  const value* v = o.if_contains(key);
  return v && v->is_object() ? v->as_object() : empty;
}

const boost::json::array& child_array(const object& o, std::string_view key) {
  static const boost::json::array empty;
  const value* v = o.if_contains(key);
  return v && v->is_array() ? v->as_array() : empty;
}

std::string decimal(const object& o, std::string_view key, std::string_view where) {
  std::string raw = text(o, key);
  if (raw.empty()) return "";
  auto out = sap_decimal(raw);
  if (!out) refuse(std::string(where) + "." + std::string(key) + " is not a decimal: " + raw);
  return *out;
}

std::string date(const object& o, std::string_view key, std::string_view where) {
  std::string raw = text(o, key);
  if (raw.empty()) return "";
  auto out = sap_date(raw);
  if (!out)
    refuse(std::string(where) + "." + std::string(key) + " is not an RFC 3339 time: " + raw);
  return *out;
}

// "10:31:12" of an RFC 3339 time -> "103112"; "" when absent.
std::string time_of_day(std::string_view rfc3339) {
  if (rfc3339.size() < 19 || rfc3339[13] != ':' || rfc3339[16] != ':') return "";
  std::string out;
  for (std::size_t i : {11, 12, 14, 15, 17, 18}) out += rfc3339[i];
  return out;
}

void control_record(IdocWriter& w, const sdk::Delivery& d, const Settings& s,
                    const MessageSettings& m) {
  const std::string occurred = text(d.event, "occurred_at");
  w.open("EDI_DC40");
  w.field("TABNAM", "EDI_DC40");
  w.field("MANDT", s.control.mandt);
  w.field("DIRECT", "2");
  w.field("IDOCTYP", m.idoctyp);
  w.field("MESTYP", m.mestyp);
  w.field("SNDPOR", s.control.sndpor);
  w.field("SNDPRT", s.control.sndprt);
  w.field("SNDPRN", s.control.sndprn);
  w.field("RCVPOR", s.control.rcvpor);
  w.field("RCVPRT", s.control.rcvprt);
  w.field("RCVPRN", s.control.rcvprn);
  w.field("CREDAT", sap_date(occurred).value_or(""));
  w.field("CRETIM", time_of_day(occurred));
  // The idempotency key lets the ERP recognise a resend of the same event.
  w.field("ARCKEY", d.idempotency_key);
  w.close();
}

void begin_idoc(IdocWriter& w, const sdk::Delivery& d, const Settings& s,
                const MessageSettings& m) {
  w.open(m.idoctyp, false);
  w.open_with("IDOC", "BEGIN", "1");
  control_record(w, d, s, m);
}

void end_idoc(IdocWriter& w) {
  w.close();  // IDOC
  w.close();  // basic type
}

// The customer's postal address: the billing one, else the first.
const object& customer_address(const object& data) {
  const auto& addresses = child_array(data, "addresses");
  for (const auto& a : addresses)
    if (a.is_object() && text(a.as_object(), "type") == "billing") return a.as_object();
  static const object empty;
  return !addresses.empty() && addresses[0].is_object() ? addresses[0].as_object() : empty;
}

Idoc customer_idoc(const sdk::Delivery& d, const Settings& s, const MessageSettings& m) {
  const object& data = d.data();
  const object& address = customer_address(data);
  std::string name = text(address, "name");
  if (name.empty()) {
    name = text(data, "first_name");
    const std::string last = text(data, "last_name");
    name += (name.empty() || last.empty() ? "" : " ") + last;
  }
  if (name.empty()) refuse("customer has no name (data.first_name/last_name or an address name)");
  IdocWriter w(s.overflow);
  begin_idoc(w, d, s, m);
  w.open("E1KNA1M");
  w.field("MSGFN", "009");
  w.field("KTOKD", s.customer_account_group);
  w.field("LAND1", text(address, "country"));
  w.field("NAME1", name);
  w.field("ORT01", text(address, "city"));
  w.field("ORT02", text(address, "line2"));
  w.field("PSTLZ", text(address, "pincode"));
  w.field("REGIO", text(address, "state"));
  w.field("STCEG", text(data, "gstin"));
  w.field("STRAS", text(address, "line1"));
  std::string phone = text(data, "phone");
  w.field("TELF1", phone.empty() ? text(address, "phone") : phone);
  w.field("SMTP_ADDR", text(data, "email"));
  w.close();
  end_idoc(w);
  return {w.finish(), {}};
}

void partner(IdocWriter& w, std::string_view role, const object& address) {
  if (address.empty()) return;
  w.open("E1EDKA1");
  w.field("PARVW", role);
  w.field("NAME1", text(address, "name"));
  w.field("STRAS", text(address, "line1"));
  w.field("STRS2", text(address, "line2"));
  w.field("ORT01", text(address, "city"));
  w.field("PSTLZ", text(address, "pincode"));
  w.field("LAND1", text(address, "country"));
  w.field("TELF1", text(address, "phone"));
  w.field("REGIO", text(address, "state"));
  w.close();
}

void reference(IdocWriter& w, std::string_view qualifier, std::string_view number,
               std::string_view day = "") {
  w.open("E1EDK02");
  w.field("QUALF", qualifier);
  w.field("BELNR", number);
  w.field("DATUM", day);
  w.close();
}

void material(IdocWriter& w, const object& item) {
  w.open("E1EDP19");
  w.field("QUALF", "002");
  w.field("IDTNR", text(item, "sku"));
  w.field("KTEXT", text(item, "name"));
  w.close();
}

std::string unit_of(const object& item, const Settings& s) {
  std::string unit = text(item, "unit");
  return unit.empty() ? s.default_unit : unit;
}

Idoc order_idoc(const sdk::Delivery& d, const Settings& s, const MessageSettings& m) {
  const object& data = d.data();
  auto customer = d.ref("customer_erp_id");
  if (!customer) refuse("refs.customer_erp_id is missing: the customer has no SAP number yet");
  const std::string order_id = required(data, "order_id", "data");
  const std::string placed = date(data, "placed_at", "data");
  Idoc idoc;
  IdocWriter w(s.overflow);
  begin_idoc(w, d, s, m);
  w.open("E1EDK01");
  w.field("CURCY", text(data, "currency"));
  w.field("BSART", s.order_type);
  w.close();
  if (!placed.empty()) {
    w.open("E1EDK03");
    w.field("IDDAT", "012");
    w.field("DATUM", placed);
    w.close();
  }
  w.open("E1EDKA1");
  w.field("PARVW", "AG");
  w.field("PARTN", alpha(*customer));
  w.close();
  partner(w, "WE", child_object(data, "shipping_address"));
  partner(w, "RE", child_object(data, "billing_address"));
  reference(w, "001", order_id, placed);
  const auto& items = child_array(data, "items");
  if (items.empty()) refuse("data.items is empty");
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_object()) refuse("data.items[" + std::to_string(i) + "] is not an object");
    const object& item = items[i].as_object();
    const std::string where = "data.items[" + std::to_string(i) + "]";
    const std::string posex = position_number(i);
    idoc.positions[required(item, "line_id", where)] = posex;
    w.open("E1EDP01");
    w.field("POSEX", posex);
    w.field("MENGE", decimal(item, "quantity", where));
    w.field("MENEE", unit_of(item, s));
    w.field("VPREI", decimal(item, "unit_price", where));
    w.field("NETWR", decimal(item, "line_total", where));
    const object& tax = child_object(item, "tax");
    if (!tax.empty()) {
      w.open("E1EDP04");
      w.field("MSATZ", decimal(tax, "rate", where + ".tax"));
      w.field("MWSBT", decimal(tax, "amount", where + ".tax"));
      w.close();
    }
    material(w, item);
    w.close();
  }
  end_idoc(w);
  idoc.xml = w.finish();
  return idoc;
}

// The SAP item number an earlier order.created gave `line_id` (refs.line_erp_ids).
std::string erp_position(const sdk::Delivery& d, const std::string& line_id) {
  const value* lines = d.refs.if_contains("line_erp_ids");
  if (lines && lines->is_object()) {
    const value* found = lines->as_object().if_contains(line_id);
    if (found && found->is_string()) return std::string(found->as_string());
  }
  refuse("line " + line_id + " has no SAP item number (refs.line_erp_ids)");
}

std::string order_number(const sdk::Delivery& d) {
  auto order = d.ref("order_erp_id");
  if (!order) refuse("refs.order_erp_id is missing: the order has no SAP number yet");
  return alpha(*order);
}

Idoc cancel_idoc(const sdk::Delivery& d, const Settings& s, const MessageSettings& m) {
  const object& data = d.data();
  const std::string order = order_number(d);
  const auto& items = child_array(data, "items");
  const bool whole_order = text(data, "scope") != "partial" || items.empty();
  IdocWriter w(s.overflow);
  begin_idoc(w, d, s, m);
  w.open("E1EDK01");
  w.field("ACTION", whole_order ? "003" : "002");
  w.close();
  reference(w, "001", order, date(data, "cancelled_at", "data"));
  if (!whole_order) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string where = "data.items[" + std::to_string(i) + "]";
      if (!items[i].is_object()) refuse(where + " is not an object");
      const object& item = items[i].as_object();
      w.open("E1EDP01");
      w.field("POSEX", erp_position(d, required(item, "line_id", where)));
      w.field("ACTION", "003");
      w.field("MENGE", decimal(item, "quantity", where));
      w.close();
    }
  }
  end_idoc(w);
  return {w.finish(), {}};
}

Idoc return_idoc(const sdk::Delivery& d, const Settings& s, const MessageSettings& m) {
  const object& data = d.data();
  const std::string order = order_number(d);
  const auto& items = child_array(data, "items");
  if (items.empty()) refuse("data.items is empty");
  IdocWriter w(s.overflow);
  begin_idoc(w, d, s, m);
  w.open("E1EDK01");
  w.field("BSART", s.return_order_type);
  w.close();
  reference(w, "001", required(data, "return_id", "data"), date(data, "updated_at", "data"));
  reference(w, "043", order);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string where = "data.items[" + std::to_string(i) + "]";
    if (!items[i].is_object()) refuse(where + " is not an object");
    const object& item = items[i].as_object();
    w.open("E1EDP01");
    w.field("POSEX", position_number(i));
    w.field("MENGE", decimal(item, "quantity", where));
    w.field("MENEE", unit_of(item, s));
    w.field("NETWR", decimal(item, "amount", where));
    w.open("E1EDP02");
    w.field("QUALF", "043");
    w.field("BELNR", order);
    w.field("ZEILE", erp_position(d, required(item, "line_id", where)));
    w.close();
    const std::string tax = decimal(item, "tax_amount", where);
    if (!tax.empty()) {
      w.open("E1EDP04");
      w.field("MWSBT", tax);
      w.close();
    }
    material(w, item);
    w.close();
  }
  end_idoc(w);
  return {w.finish(), {}};
}

}  // namespace

std::string position_number(std::size_t index) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%06zu", (index + 1) * 10);
  return buffer;
}

Idoc build_idoc(const sdk::Delivery& delivery, const Settings& settings) {
  const std::string type(delivery.event_type());
  const MessageSettings& message = settings.message(type);
  if (type == "customer.created") return customer_idoc(delivery, settings, message);
  if (type == "order.created") return order_idoc(delivery, settings, message);
  if (type == "order.cancelled") return cancel_idoc(delivery, settings, message);
  return return_idoc(delivery, settings, message);
}

}  // namespace erpbridge::sap_xml
