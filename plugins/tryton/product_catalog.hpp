// Products by SKU: product.product whose `code` (template code + variant suffix_code in 6.0)
// equals the event's sku. One search for all the SKUs of an event.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "json_rpc_client.hpp"
#include "outcome.hpp"

namespace erpbridge::tryton {

struct Product {
  std::int64_t id = 0;
  std::int64_t unit = 0;  // default_uom
  bool salable = false;
};

// The products for `skus`, by SKU. A permanent failure names every SKU Tryton does not have,
// or that it has but not as salable.
Expected<std::map<std::string, Product>> find_products(JsonRpcClient& rpc,
                                                       const std::vector<std::string>& skus);

}  // namespace erpbridge::tryton
