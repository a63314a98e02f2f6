// Order statuses for the pull: the sales with a reference (the connector's sales carry the
// Commerceup order id there, its return sales "<order id>/<return id>") that changed since the
// cursor and now stand for a Commerceup status (sale_status.hpp).
#pragma once

#include <boost/json/array.hpp>

#include "json_rpc_client.hpp"
#include "outcome.hpp"
#include "pull_cursor.hpp"
#include "tryton_settings.hpp"

namespace erpbridge::tryton {

struct StatusPage {
  // [{"erp_order_id": "<sale id>", "status": "Shipped", "items": [{"sku", "quantity"}]}]; a
  // return names its original sale, or the Commerceup "order_id" when that sale is gone.
  boost::json::array order_status;
  Mark next;  // the last sale taken into account
  bool more = false;
};

// At most `limit` sales after `after` are read, so at most `limit` entries come back.
Expected<StatusPage> pull_sale_statuses(JsonRpcClient& rpc, const TrytonSettings& settings,
                                        const Mark& after, int limit);

}  // namespace erpbridge::tryton
