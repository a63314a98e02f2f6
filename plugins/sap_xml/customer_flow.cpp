// customer.created -> DEBMAS06 / DEBMAS07: E1KNA1M (general data) with the tenant's sales area
// (E1KNVVM) and company code (E1KNB1M), fields in the order of SAP's segment definitions.
#include <erpbridge/events.hpp>

#include "idoc_parts.hpp"
#include "sap_format.hpp"

namespace erpbridge::sap_xml {
namespace {

using namespace parts;

// The customer's postal address: the billing one, else the first, else none (an empty one).
sdk::AddressView customer_address(const sdk::CustomerView& customer) {
  static const object none;
  const auto addresses = customer.addresses();
  for (const auto& a : addresses)
    if (a.type() == "billing") return a;
  return addresses.empty() ? sdk::AddressView(none) : addresses.front();
}

// The address's name, else the customer's (the host requires a first name: core/events).
std::string customer_name(const sdk::CustomerView& customer, const sdk::AddressView& address) {
  if (!address.name().empty()) return std::string(address.name());
  std::string name(customer.first_name());
  if (!customer.last_name().empty()) name += " " + std::string(customer.last_name());
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
  const auto customer = sdk::view_of<sdk::CustomerView>(d);
  const sdk::AddressView address = customer_address(customer);
  const std::string name = customer_name(customer, address);
  const std::string_view country = address.country();
  const std::string_view phone = customer.phone();
  IdocWriter w(s.overflow);
  begin_idoc(w, d, s, m);
  w.open("E1KNA1M");
  w.field("MSGFN", "009");
  w.field("KTOKD", s.customer_account_group);
  w.field("LAND1", country);
  name_fields(w, "E1KNA1M", name);
  w.field("ORT01", address.city());
  w.field("PSTLZ", postal_code(country, address.pincode(), field_limit("E1KNA1M", "PSTLZ")));
  w.field("REGIO", address.state());
  w.field("SPRAS", s.documents.language_key);
  w.field("STRAS", street(address));
  w.field("TELF1", phone.empty() ? address.phone() : phone);
  w.field("STCEG", customer.gstin());
  w.field("SPRAS_ISO", s.documents.language);
  if (s.documents.sales_area) sales_area_data(w, *s.documents.sales_area);
  if (s.documents.company_code) company_code_data(w, *s.documents.company_code, customer.email());
  w.close();
  end_idoc(w);
  return {w.finish(), {}};
}

}  // namespace erpbridge::sap_xml
