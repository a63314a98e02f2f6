// customer.created -> party.party (PROTOCOL.md §3 "Create customer"): the name, the email and
// phone as contact mechanisms (party.email is read-only in 6.0), the addresses, and
// `code` = party_code_prefix + customer_id, which is unique in Tryton and is how lookup finds
// the party again after an in-doubt create.
#pragma once

#include <erpbridge/events.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "address_mapper.hpp"
#include "outcome.hpp"
#include "reference_data.hpp"

namespace erpbridge::tryton {

struct PartyDraft {
  std::string code;
  std::string name;
  std::string email;
  std::string phone;
  std::vector<PostalAddress> addresses;  // duplicates removed
};

// The party a customer.created event describes (the host validated its customer_id).
PartyDraft party_draft(const sdk::CustomerView& customer, const std::string& code_prefix);

// The party.party create values, with countries and subdivisions resolved.
Expected<boost::json::object> party_values(const PartyDraft& draft, ReferenceData& reference);

}  // namespace erpbridge::tryton
