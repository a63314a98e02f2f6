// Before an adapter sees an event, the host fills in the ERP ids it refers to from the id map
// (DESIGN.md principle 4): an order gets its customer's ERP id, a cancel or return its
// order's ERP id and the ERP ids of the lines it names. With the order's ledger
// (store/order_ledger.hpp) all three get the whole order besides (pipeline/order_context.hpp;
// docs/ledger.md lists the fields).
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "events/event.hpp"
#include "store/id_map.hpp"
#include "store/order_ledger.hpp"

namespace erpbridge::pipeline {

struct ResolvedRefs {
  boost::json::object refs;                // customer_erp_id / order_erp_id / line_erp_ids, ...
  std::optional<std::string> waiting_for;  // set when a parent is not in the ERP yet
};

// `order` is the event's order in the ledger, or nullptr when the ledger does not know it.
ResolvedRefs resolve_references(const events::Event& event, const std::string& tenant,
                                const store::IdMap& ids, const store::LedgerOrder* order = nullptr);

}  // namespace erpbridge::pipeline
