// Changes become outbox rows (docs/sync-back.md, "What the host stores and sends"): one row
// per change, with the event type and ordering lane the delivery side relies on.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/outbox_rows.hpp"
#include "syncback/changes.hpp"

namespace erpbridge::syncback {

inline constexpr const char* kInventoryEvent = "commerceup.inventory";
inline constexpr const char* kInventoryDeltaEvent = "commerceup.inventory_delta";
inline constexpr const char* kOrderStatusEvent = "commerceup.order_status";
inline constexpr const char* kInventoryLane = "commerceup:inventory";

// Commerceup's order id of an ERP order id, from the id map; nullopt when not mapped (yet).
using OrderIdLookup = std::function<std::optional<std::string>(const std::string& erp_order_id)>;

// The ordering lane of an order's status rows. One order must have one lane whichever id its
// changes carry, so the lane is keyed by Commerceup's order id whenever it is known (given,
// or found by `lookup`), and by the ERP's id only for an order the id map does not know.
std::string order_status_lane(const OrderStatusChange& change, const OrderIdLookup& lookup);

// One row per change, inventory first, each list in document order. Event ids are
// "<id_prefix>:<n>" (n counting from 0 over the whole document), so a document stored twice
// under the same prefix is a duplicate, row by row.
std::vector<store::NewEvent> change_events(const std::string& tenant, const Changes& changes,
                                           const std::string& id_prefix,
                                           const OrderIdLookup& lookup = {});

// The id prefix of a push. With the caller's Idempotency-Key the prefix is derived from it
// (and the endpoint), so a repeated push is stored once; without, it is unique.
std::string push_id_prefix(const std::string& endpoint_kind,
                           const std::optional<std::string>& idempotency_key);
// A unique prefix for changes that have no key of their own (a pull).
std::string unique_id_prefix(const std::string& source);

// Why an Idempotency-Key header cannot be used (empty when it can): 1..200 printable ASCII.
std::string check_idempotency_key(const std::string& key);

}  // namespace erpbridge::syncback
