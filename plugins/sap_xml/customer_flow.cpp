// customer.created -> DEBMAS06 / DEBMAS07: E1KNA1M (general data) with the tenant's sales area
// (E1KNVVM) and company code (E1KNB1M), fields in the order of SAP's segment definitions.
#include "idoc_parts.hpp"
#include "sap_format.hpp"

namespace erpbridge::sap_xml {
namespace {

using namespace parts;

// The customer's postal address: the billing one, else the first.
const object& customer_address(const object& data) {
  const auto& addresses = child_array(data, "addresses");
  for (const auto& a : addresses)
    if (a.is_object() && text(a.as_object(), "type") == "billing") return a.as_object();
  static const object empty;
  return !addresses.empty() && addresses[0].is_object() ? addresses[0].as_object() : empty;
}

std::string customer_name(const object& data, const object& address) {
  std::string name = text(address, "name");
  if (!name.empty()) return name;
  name = text(data, "first_name");
  const std::string last = text(data, "last_name");
  name += (name.empty() || last.empty() ? "" : " ") + last;
  if (name.empty()) refuse("customer has no name (data.first_name/last_name or an address name)");
  return name;
}

void sales_area_data(IdocWriter& w, const SalesArea& a) {
  w.open("E1KNVVM");
  w.field("MSGFN", "009");
  w.field("VKORG", a.sales_organization);
  w.field("VTWEG", a.distribution_channel);
  w.field("SPART", a.division);
  w.field("KALKS", a.pricing_procedure);
  w.field("KDGRP", a.customer_group);
  w.field("VSBED", a.shipping_conditions);
  w.field("WAERS", a.currency);
  w.field("KTGRD", a.account_assignment_group);
  w.field("ZTERM", a.payment_terms);
  w.close();
}

void company_code_data(IdocWriter& w, const CompanyCode& c, std::string_view email) {
  w.open("E1KNB1M");
  w.field("MSGFN", "009");
  w.field("BUKRS", c.code);
  w.field("AKONT", c.reconciliation_account);
  w.field("ZTERM", c.payment_terms);
  // The only e-mail field of DEBMAS (company code level); E1KNA1M has none.
  if (c.email) w.field("SMTP_ADDR", email);
  w.close();
}

}  // namespace

Idoc customer_document(const sdk::Delivery& d, const Settings& s, const MessageSettings& m) {
  const object& data = d.data();
  const object& address = customer_address(data);
  const std::string name = customer_name(data, address);
  const std::string country = text(address, "country");
  const std::string phone = text(data, "phone");
  IdocWriter w(s.overflow);
  begin_idoc(w, d, s, m);
  w.open("E1KNA1M");
  w.field("MSGFN", "009");
  w.field("KTOKD", s.customer_account_group);
  w.field("LAND1", country);
  name_fields(w, "E1KNA1M", name);
  w.field("ORT01", text(address, "city"));
  w.field("PSTLZ", postal_code(country, text(address, "pincode"), field_limit("E1KNA1M", "PSTLZ")));
  w.field("REGIO", text(address, "state"));
  w.field("SPRAS", s.documents.language_key);
  w.field("STRAS", street(address));
  w.field("TELF1", phone.empty() ? text(address, "phone") : phone);
  w.field("STCEG", text(data, "gstin"));
  w.field("SPRAS_ISO", s.documents.language);
  if (s.documents.sales_area) sales_area_data(w, *s.documents.sales_area);
  if (s.documents.company_code)
    company_code_data(w, *s.documents.company_code, text(data, "email"));
  w.close();
  end_idoc(w);
  return {w.finish(), {}};
}

}  // namespace erpbridge::sap_xml
