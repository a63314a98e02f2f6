#include "idoc_parts.hpp"

#include "sap_format.hpp"

namespace erpbridge::sap_xml::parts {
namespace {

using boost::json::value;

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

}  // namespace

void refuse(const std::string& message) {
  throw sdk::ConnectorError(sdk::ResultClass::invalid, message);
}

std::string text(const object& o, std::string_view key) {
  const value* v = o.if_contains(key);
  if (!v || v->is_null()) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  if (v->is_double()) return boost::json::serialize(*v);
  return "";
}

const object& child_object(const object& o, std::string_view key) {
  static const object empty;
  const value* v = o.if_contains(key);
  return v && v->is_object() ? v->as_object() : empty;
}

std::string decimal(const object& o, std::string_view key, std::string_view where) {
  std::string raw = text(o, key);
  if (raw.empty()) return "";
  auto out = sap_decimal(raw);
  if (!out) refuse(std::string(where) + "." + std::string(key) + " is not a decimal: " + raw);
  return *out;
}

std::string document_date(std::string_view rfc3339) {
  return sap_date(rfc3339).value_or("");
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

void name_fields(IdocWriter& w, std::string_view segment, std::string_view name) {
  const auto lines = split_name(name, field_limit(segment, "NAME1"), 1);
  w.field("NAME1", lines[0]);
  w.field("NAME2", lines[1]);
}

std::string street(const sdk::AddressView& address) {
  std::string line1(address.line1());
  const std::string_view line2 = address.line2();
  if (line1.empty() || line2.empty()) return line1 + std::string(line2);
  return line1 + ", " + std::string(line2);
}

void organization(IdocWriter& w, const Settings& s, std::string_view order_type) {
  auto org = [&w](std::string_view qualifier, std::string_view id) {
    w.open("E1EDK14");
    w.field("QUALF", qualifier);
    w.field("ORGID", id);
    w.close();
  };
  if (const auto& area = s.documents.sales_area) {
    org("008", area->sales_organization);
    org("007", area->distribution_channel);
    org("006", area->division);
  }
  org("012", order_type);
}

void order_header(IdocWriter& w, const Settings& s, std::string_view currency,
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

void sold_to(IdocWriter& w, std::string_view customer) {
  w.open("E1EDKA1");
  w.field("PARVW", "AG");
  w.field("PARTN", customer);
  w.close();
}

void partner(IdocWriter& w, std::string_view role, const std::optional<sdk::AddressView>& a) {
  if (!a || a->json().empty()) return;
  const std::string_view country = a->country();
  w.open("E1EDKA1");
  w.field("PARVW", role);
  name_fields(w, "E1EDKA1", a->name());
  w.field("STRAS", a->line1());
  w.field("STRS2", a->line2());
  w.field("ORT01", a->city());
  w.field("PSTLZ", postal_code(country, a->pincode(), field_limit("E1EDKA1", "PSTLZ")));
  w.field("LAND1", country);
  w.field("TELF1", a->phone());
  w.field("REGIO", a->state());
  w.close();
}

void reference(IdocWriter& w, std::string_view qualifier, std::string_view number,
               std::string_view day) {
  w.open("E1EDK02");
  w.field("QUALF", qualifier);
  w.field("BELNR", number);
  w.field("DATUM", day);
  w.close();
}

void material(IdocWriter& w, std::string_view sku, std::string_view name, const Settings& s) {
  std::vector<std::string_view> qualifiers;
  if (s.documents.material_number != MaterialNumber::customer) qualifiers.push_back("002");
  if (s.documents.material_number != MaterialNumber::sap) qualifiers.push_back("001");
  for (std::size_t i = 0; i < qualifiers.size(); ++i) {
    w.open("E1EDP19");
    w.field("QUALF", qualifiers[i]);
    w.field("IDTNR", sku);
    if (i == 0) w.field("KTEXT", name);
    w.close();
  }
}

void totals(IdocWriter& w, const std::vector<std::string>& net_values, std::string_view currency) {
  w.open("E1EDS01");
  w.field("SUMID", "001");
  w.field("SUMME", std::to_string(net_values.size()));
  w.close();
  std::optional<std::string> sum = "0";
  for (const auto& v : net_values) sum = v.empty() || !sum ? std::nullopt : decimal_add(*sum, v);
  if (!sum) return;  // an item without a net value: SAP computes the total itself
  w.open("E1EDS01");
  w.field("SUMID", "002");
  w.field("SUMME", *sum);
  w.field("WAERQ", currency);
  w.close();
}

std::string unit_of(const object& item, const Settings& s) {
  std::string unit = text(item, "unit");
  return unit.empty() ? s.default_unit : unit;
}

std::string customer_number(const sdk::Delivery& d, std::string_view why) {
  auto customer = d.ref("customer_erp_id");
  if (!customer) refuse("refs.customer_erp_id is missing: " + std::string(why));
  return alpha(*customer);
}

std::string order_number(const sdk::Delivery& d) {
  auto order = d.ref("order_erp_id");
  if (!order) refuse("refs.order_erp_id is missing: the order has no SAP number yet");
  return alpha(*order);
}

std::string erp_position(const sdk::Delivery& d, const std::string& line_id) {
  const value* lines = d.refs.if_contains("line_erp_ids");
  if (lines && lines->is_object()) {
    const value* found = lines->as_object().if_contains(line_id);
    if (found && found->is_string()) return std::string(found->as_string());
  }
  refuse("line " + line_id + " has no SAP item number (refs.line_erp_ids)");
}

}  // namespace erpbridge::sap_xml::parts
