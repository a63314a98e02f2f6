// The party.address ids a sale uses for invoice and shipment. Tryton needs both to quote a
// sale, and a create runs no on_change to fill them from the party. The order's billing and
// shipping addresses are matched against the party's addresses (same street, postal code,
// city and country); one the party lacks is added to it. An order without addresses uses the
// party's first address.
#pragma once

#include <cstdint>

#include "outcome.hpp"
#include "sale_mapper.hpp"
#include "tryton_context.hpp"

namespace erpbridge::tryton {

struct SaleAddresses {
  std::int64_t invoice = 0;
  std::int64_t shipment = 0;
};

Expected<SaleAddresses> sale_addresses(TrytonContext& t, std::int64_t party,
                                       const SaleDraft& draft);

}  // namespace erpbridge::tryton
