#include "address_mapper.hpp"

#include <boost/json.hpp>

#include <cctype>

#include "event_fields.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

// Lower case, runs of whitespace as one space, no leading or trailing space.
std::string normalized(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace

PostalAddress postal_address(const sdk::AddressView& a) {
  PostalAddress out;
  out.name = a.name();
  out.street = a.line1();
  if (const std::string_view line2 = a.line2(); !line2.empty())
    out.street += (out.street.empty() ? "" : "\n") + std::string(line2);
  out.postal_code = a.pincode();
  // An older spelling the view does not know.
  if (out.postal_code.empty()) out.postal_code = optional_text(a.json(), "postal_code");
  out.city = a.city();
  out.state = a.state();
  out.country = a.country();
  return out;
}

Expected<json::object> address_values(const PostalAddress& address, const std::string& party_name,
                                      ReferenceData& reference) {
  auto country = reference.country(address.country);
  if (!country) return country.failure();
  json::object values;
  if (!address.name.empty() && normalized(address.name) != normalized(party_name))
    values["party_name"] = address.name;
  values["street"] = address.street;
  values["postal_code"] = address.postal_code;
  values["city"] = address.city;
  values["country"] = *country;
  auto subdivision =
      reference.subdivision(*country, reference.country_code(address.country), address.state);
  if (!subdivision) return subdivision.failure();
  if (*subdivision) values["subdivision"] = **subdivision;
  return values;
}

bool same_place(const StoredAddress& stored, const PostalAddress& address,
                std::optional<std::int64_t> country) {
  return normalized(stored.street) == normalized(address.street) &&
         normalized(stored.postal_code) == normalized(address.postal_code) &&
         normalized(stored.city) == normalized(address.city) && stored.country == country;
}

}  // namespace erpbridge::tryton
