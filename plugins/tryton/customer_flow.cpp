#include "customer_flow.hpp"

#include <boost/json.hpp>

#include "party_mapper.hpp"
#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

Expected<std::optional<std::int64_t>> party_by_code(TrytonContext& t, const std::string& code) {
  json::array domain{json::array{"code", "=", json::string(code)}};
  auto rows = t.rpc.search_read("party.party", domain, json::array{"id"}, nullptr, 1);
  if (!rows) return rows.failure();
  const auto* list = rows->if_array();
  if (!list || list->empty() || !(*list)[0].is_object()) return std::optional<std::int64_t>();
  const auto* id = (*list)[0].as_object().if_contains("id");
  return id ? decode_id(*id) : std::nullopt;
}

}  // namespace

sdk::Result create_customer(TrytonContext& t, const sdk::Delivery& delivery) {
  const auto draft =
      party_draft(sdk::view_of<sdk::CustomerView>(delivery), t.settings.party_code_prefix);
  auto existing = party_by_code(t, draft.code);
  if (!existing) return existing.failure().to_result();
  if (*existing) {
    t.log(ERPB_LOG_INFO, "party with code '" + draft.code + "' exists already (id " +
                             std::to_string(**existing) + "); not creating another");
    return sdk::Result::created(std::to_string(**existing));
  }
  auto values = party_values(draft, t.reference);
  if (!values) return values.failure().to_result();
  auto ids = t.rpc.create("party.party", *values);
  if (!ids) return ids.failure().to_result();
  const auto* list = ids->if_array();
  auto id = list && list->size() == 1 ? decode_id((*list)[0]) : std::nullopt;
  if (!id)
    return sdk::Result::failure(ResultClass::in_doubt,
                                "Tryton created the party but answered no id for it");
  return sdk::Result::created(std::to_string(*id));
}

sdk::Result find_customer(TrytonContext& t, const sdk::Delivery& delivery) {
  const auto draft =
      party_draft(sdk::view_of<sdk::CustomerView>(delivery), t.settings.party_code_prefix);
  auto existing = party_by_code(t, draft.code);
  if (!existing) return existing.failure().to_result();
  if (!*existing) return sdk::Result::not_found();
  return sdk::Result::created(std::to_string(**existing)).with("found", true);
}

}  // namespace erpbridge::tryton
