#include "party_mapper.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

bool duplicate(const PostalAddress& a, const PostalAddress& b) {
  return a.name == b.name && a.street == b.street && a.postal_code == b.postal_code &&
         a.city == b.city && a.state == b.state && a.country == b.country;
}

json::array create_action(json::array records) {
  return json::array{"create", std::move(records)};
}

}  // namespace

PartyDraft party_draft(const sdk::CustomerView& customer, const std::string& code_prefix) {
  PartyDraft draft;
  draft.code = code_prefix + std::string(customer.customer_id());
  draft.email = customer.email();
  draft.phone = customer.phone();
  for (const auto& a : customer.addresses()) {
    auto address = postal_address(a);
    const bool seen = std::any_of(draft.addresses.begin(), draft.addresses.end(),
                                  [&](const PostalAddress& p) { return duplicate(p, address); });
    if (!seen) draft.addresses.push_back(std::move(address));
  }
  draft.name =
      trimmed(std::string(customer.first_name()) + " " + std::string(customer.last_name()));
  // A first name of only spaces passes the host's check; the party still needs a name.
  if (draft.name.empty() && !draft.addresses.empty()) draft.name = draft.addresses.front().name;
  if (draft.name.empty()) draft.name = draft.email;
  return draft;
}

Expected<json::object> party_values(const PartyDraft& draft, ReferenceData& reference) {
  json::object values;
  values["name"] = draft.name;
  values["code"] = draft.code;
  json::array mechanisms;
  if (!draft.email.empty())
    mechanisms.push_back(json::object{{"type", "email"}, {"value", draft.email}});
  if (!draft.phone.empty())
    mechanisms.push_back(json::object{{"type", "phone"}, {"value", draft.phone}});
  if (!mechanisms.empty())
    values["contact_mechanisms"] = json::array{create_action(std::move(mechanisms))};
  json::array addresses;
  for (const auto& address : draft.addresses) {
    auto v = address_values(address, draft.name, reference);
    if (!v) return v.failure();
    addresses.push_back(std::move(*v));
  }
  // Without addresses Tryton would add an empty one; an explicit empty list keeps it out.
  values["addresses"] = json::array{create_action(std::move(addresses))};
  return values;
}

}  // namespace erpbridge::tryton
