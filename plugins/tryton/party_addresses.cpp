#include "party_addresses.hpp"

#include <boost/json.hpp>

#include <vector>

#include "address_mapper.hpp"
#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

struct PartyRecord {
  std::string name;
  std::vector<StoredAddress> addresses;
};

Expected<PartyRecord> read_party(TrytonContext& t, std::int64_t party) {
  auto rows = t.rpc.read("party.party", json::array{party}, json::array{"name"});
  if (!rows) return rows.failure();
  const auto* list = rows->if_array();
  if (!list || list->size() != 1 || !(*list)[0].is_object())
    return permanent("party " + std::to_string(party) + " is not in Tryton");
  PartyRecord record{text((*list)[0].as_object(), "name"), {}};

  json::array domain{json::array{"party", "=", party}};
  json::array order{json::array{"sequence", "ASC"}, json::array{"id", "ASC"}};
  auto addresses = t.rpc.search_read(
      "party.address", domain, json::array{"street", "postal_code", "city", "country"}, order);
  if (!addresses) return addresses.failure();
  if (!addresses->is_array()) return permanent("unexpected reply from Tryton reading addresses");
  for (const auto& row : addresses->as_array()) {
    if (!row.is_object()) continue;
    const auto& r = row.as_object();
    StoredAddress a;
    a.id = r.contains("id") ? decode_id(r.at("id")).value_or(0) : 0;
    a.street = text(r, "street");
    a.postal_code = text(r, "postal_code");
    a.city = text(r, "city");
    a.country = r.contains("country") ? decode_id(r.at("country")) : std::nullopt;
    if (a.id) record.addresses.push_back(std::move(a));
  }
  return record;
}

// The id of the party's address at `address`, adding it to the party when it has none there.
Expected<std::int64_t> address_for(TrytonContext& t, std::int64_t party, PartyRecord& record,
                                   const PostalAddress& address) {
  auto country = t.reference.country(address.country);
  if (!country) return country.failure();
  for (const auto& stored : record.addresses)
    if (same_place(stored, address, *country)) return stored.id;

  auto values = address_values(address, record.name, t.reference);
  if (!values) return values.failure();
  (*values)["party"] = party;
  auto ids = t.rpc.create("party.address", *values);
  if (!ids) return ids.failure();
  const auto* list = ids->if_array();
  auto id = list && list->size() == 1 ? decode_id((*list)[0]) : std::nullopt;
  if (!id)
    return Failure{ResultClass::in_doubt, "Tryton answered no id for a new address", 0, {}, {}};
  StoredAddress added;
  added.id = *id;
  added.street = address.street;
  added.postal_code = address.postal_code;
  added.city = address.city;
  added.country = *country;
  record.addresses.push_back(std::move(added));
  return *id;
}

}  // namespace

Expected<SaleAddresses> sale_addresses(TrytonContext& t, std::int64_t party,
                                       const SaleDraft& draft) {
  auto record = read_party(t, party);
  if (!record) return record.failure();
  const PostalAddress* billing = draft.invoice_address ? &*draft.invoice_address : nullptr;
  const PostalAddress* shipping = draft.shipment_address ? &*draft.shipment_address : billing;
  if (!billing) billing = shipping;
  if (!billing) {
    if (record->addresses.empty())
      return permanent("party " + std::to_string(party) +
                       " has no address and the order names none; Tryton needs an invoice "
                       "address to quote a sale");
    const auto first = record->addresses.front().id;
    return SaleAddresses{first, first};
  }
  auto invoice = address_for(t, party, *record, *billing);
  if (!invoice) return invoice.failure();
  auto shipment = address_for(t, party, *record, *shipping);
  if (!shipment) return shipment.failure();
  return SaleAddresses{*invoice, *shipment};
}

}  // namespace erpbridge::tryton
