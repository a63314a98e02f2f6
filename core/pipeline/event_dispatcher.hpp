// Hands one validated event to a tenant's connector and records what the ERP answered in the
// id map. The retrying, queueing service builds on this; the CLI's `send` uses it directly.
#pragma once

#include <optional>
#include <string>

#include "common/delivery_result.hpp"
#include "events/event.hpp"
#include "plugin/connector_instance.hpp"
#include "store/id_map.hpp"

namespace erpbridge::pipeline {

struct DispatchOutcome {
  // Set when the event's parent (its customer, or its order) has no ERP id yet: nothing was
  // sent, and the event must wait. Waiting is not failing.
  std::optional<std::string> waiting_for;
  DeliveryResult result;
};

class EventDispatcher {
 public:
  explicit EventDispatcher(store::IdMap& ids) : ids_(ids) {}

  // attempt starts at 1; idempotency_key is stable across attempts of one event.
  DispatchOutcome dispatch(const events::Event& event, const std::string& tenant,
                           plugin::ConnectorInstance& connector, int attempt,
                           const std::string& idempotency_key);

  // Asks the adapter whether an in-doubt earlier attempt created the document; records the
  // ERP id when it did.
  DeliveryResult lookup(const events::Event& event, const std::string& tenant,
                        plugin::ConnectorInstance& connector, const std::string& idempotency_key);

 private:
  std::string adapter_input(const events::Event& event, const boost::json::object& refs,
                            int attempt, const std::string& idempotency_key) const;
  void record(const events::Event& event, const std::string& tenant, const DeliveryResult& r);

  store::IdMap& ids_;
};

}  // namespace erpbridge::pipeline
