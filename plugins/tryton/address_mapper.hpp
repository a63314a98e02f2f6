// A Commerceup address ({name, line1, line2, city, state, pincode, country}) as a Tryton
// party.address (PROTOCOL.md §3: 6.0 names are street, postal_code, city, country,
// subdivision, party_name). Countries and subdivisions are resolved by code.
#pragma once

#include <erpbridge/events.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "outcome.hpp"
#include "reference_data.hpp"

namespace erpbridge::tryton {

struct PostalAddress {
  std::string name;    // the addressee
  std::string street;  // line1, then line2 on its own line
  std::string postal_code;
  std::string city;
  std::string state;    // "MH"
  std::string country;  // as the event has it ("IN")
};

PostalAddress postal_address(const sdk::AddressView& event_address);

// The party.address values for `address` (party_name only when it differs from the party's
// name). Fails permanently when Tryton does not know the country.
Expected<boost::json::object> address_values(const PostalAddress& address,
                                             const std::string& party_name,
                                             ReferenceData& reference);

// A party.address as read back from Tryton, for matching an order's address to it.
struct StoredAddress {
  std::int64_t id = 0;
  std::string street;
  std::string postal_code;
  std::string city;
  std::optional<std::int64_t> country;
};

// Whether a stored address is the same place: street, postal code and city equal ignoring case
// and spacing, and the same country.
bool same_place(const StoredAddress& stored, const PostalAddress& address,
                std::optional<std::int64_t> country);

}  // namespace erpbridge::tryton
