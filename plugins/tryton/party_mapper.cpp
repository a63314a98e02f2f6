#include "party_mapper.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "event_fields.hpp"

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

Expected<PartyDraft> party_draft(const json::object& data, const std::string& code_prefix) {
  auto customer_id = required_text(data, "customer_id", "data.customer_id");
  if (!customer_id) return customer_id.failure();
  PartyDraft draft;
  draft.code = code_prefix + *customer_id;
  draft.email = optional_text(data, "email");
  draft.phone = optional_text(data, "phone");
  if (const auto* list = data.if_contains("addresses"); list && list->is_array()) {
    for (const auto& a : list->as_array()) {
      if (!a.is_object()) continue;
      auto address = postal_address(a.as_object());
      const bool seen = std::any_of(draft.addresses.begin(), draft.addresses.end(),
                                    [&](const PostalAddress& p) { return duplicate(p, address); });
      if (!seen) draft.addresses.push_back(std::move(address));
    }
  }
  draft.name = trimmed(optional_text(data, "first_name") + " " + optional_text(data, "last_name"));
  if (draft.name.empty() && !draft.addresses.empty()) draft.name = draft.addresses.front().name;
  if (draft.name.empty()) draft.name = draft.email;
  if (draft.name.empty()) draft.name = *customer_id;
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
