// Commerceup id <-> ERP id per tenant (OCA connector's "binder"): the store's id-map role
// (store/store.hpp). A delivery's ids are written with its outcome
// (OutcomeWriter::finish); put_all is for callers that deliver without the outbox (`erpbridge
// send`).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace erpbridge::store {

enum class EntityKind { customer, order, order_line, cancellation, order_return };
const char* to_string(EntityKind k);

// One mapping to write: our (Commerceup) id of `kind` to the ERP's id.
struct IdMapEntry {
  EntityKind kind;
  std::string our_id;
  std::string erp_id;
};

class IdMap {
 public:
  virtual ~IdMap() = default;
  // Writes all `entries` in one transaction: all of them or, on failure (which throws), none.
  // One delivery's ids (an order and its lines) go together, and one commit costs what one
  // put does.
  virtual void put_all(const std::string& tenant, const std::vector<IdMapEntry>& entries) = 0;
  virtual std::optional<std::string> get(const std::string& tenant, EntityKind kind,
                                         const std::string& our_id) const = 0;
  // The reverse: our (Commerceup) id mapped to this ERP id, e.g. the Commerceup order an ERP's
  // order-status change is about. If several map to it, the most recently written (to the
  // second).
  virtual std::optional<std::string> find_our_id(const std::string& tenant, EntityKind kind,
                                                 const std::string& erp_id) const = 0;
};

// An order line's key in the id map: "<order_id>/<line_id>".
std::string order_line_key(const std::string& order_id, const std::string& line_id);

}  // namespace erpbridge::store
