// Tryton records the mappers refer to by code: countries, subdivisions, currencies and the
// configured unit. They change rarely, so each is looked up once per connector and cached
// (only hits: a country created in Tryton later is found on the next event). Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "json_rpc_client.hpp"
#include "outcome.hpp"
#include "tryton_settings.hpp"

namespace erpbridge::tryton {

class ReferenceData {
 public:
  ReferenceData(JsonRpcClient& rpc, const TrytonSettings& settings)
      : rpc_(rpc), settings_(settings) {}

  // The country.country id for an event's country ("IN", or a name mapped by country_codes;
  // default_country when empty). Permanent failure, naming the code, when Tryton has none.
  Expected<std::int64_t> country(std::string_view event_country);
  // The country.subdivision id for a state code ("MH" in country "IN" -> "IN-MH"), or nullopt
  // when Tryton has no such subdivision (the address is then created without one).
  Expected<std::optional<std::int64_t>> subdivision(std::int64_t country_id,
                                                    std::string_view country_code,
                                                    std::string_view state);
  // The currency.currency id for an ISO 4217 code. Permanent failure when Tryton has none.
  Expected<std::int64_t> currency(std::string_view code);
  // The `unit` setting's product.uom id, or nullopt when not set (use the product's).
  Expected<std::optional<std::int64_t>> configured_unit();

  // The ISO code an event's country value stands for (country_codes, default_country).
  std::string country_code(std::string_view event_country) const;

 private:
  Expected<std::optional<std::int64_t>> find_one(std::string_view model,
                                                 const boost::json::array& domain);
  std::optional<std::int64_t> cached(const std::string& key) const;
  void remember(const std::string& key, std::int64_t id);

  JsonRpcClient& rpc_;
  const TrytonSettings& settings_;
  mutable std::mutex mutex_;
  std::map<std::string, std::int64_t> cache_;  // "country:IN" -> id
};

}  // namespace erpbridge::tryton
