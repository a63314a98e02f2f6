// Hands one validated event to a tenant's connector and records what the ERP answered in the
// id map. The retrying, queueing service builds on this; the CLI's `send` uses it directly.
#pragma once

#include <optional>
#include <string>
#include <vector>

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

// The id-map entries a successful delivery (or a lookup that found the document) creates:
// the customer's or order's ERP id and the order's line ids, or a marker for a cancel/return.
std::vector<store::IdMapEntry> ids_created_by(const events::Event& event, const DeliveryResult& r);

// Who writes those ids: the dispatcher, right after the ERP answered (the CLI's `send`), or
// the caller, together with the outcome in one store transaction (the service:
// store::OutcomeWriter::finish).
enum class IdRecording { by_dispatcher, by_caller };

class EventDispatcher {
 public:
  explicit EventDispatcher(store::IdMap& ids, IdRecording recording = IdRecording::by_dispatcher)
      : ids_(ids), recording_(recording) {}

  // attempt starts at 1; idempotency_key is stable across attempts of one event.
  DispatchOutcome dispatch(const events::Event& event, const std::string& tenant,
                           plugin::ConnectorInstance& connector, int attempt,
                           const std::string& idempotency_key);

  // Asks the adapter whether an in-doubt earlier attempt created the document; records the
  // ERP id when it did (by_dispatcher).
  DeliveryResult lookup(const events::Event& event, const std::string& tenant,
                        plugin::ConnectorInstance& connector, const std::string& idempotency_key);

 private:
  std::string adapter_input(const events::Event& event, const boost::json::object& refs,
                            int attempt, const std::string& idempotency_key) const;
  void record(const events::Event& event, const std::string& tenant, const DeliveryResult& r);

  store::IdMap& ids_;
  IdRecording recording_;
};

}  // namespace erpbridge::pipeline
