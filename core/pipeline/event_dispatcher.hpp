// Hands one validated event to a tenant's connector and records what the ERP answered in the
// id map and the order ledger. Before any ERP call, the event goes through the ledger: a cancel
// or return that would take a line below zero is `invalid` there, and one already applied is
// answered `ok` without a call (docs/ledger.md). The retrying, queueing service builds on this; the
// CLI's `send` uses it directly.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/delivery_result.hpp"
#include "events/event.hpp"
#include "plugin/connector_instance.hpp"
#include "store/id_map.hpp"
#include "store/order_ledger.hpp"

namespace erpbridge::pipeline {

struct DispatchOutcome {
  // Set when the event's parent (its customer, or its order) has no ERP id yet: nothing was
  // sent, and the event must wait. Waiting is not failing.
  std::optional<std::string> waiting_for;
  DeliveryResult result;
  // False when the ledger answered without an ERP call (refused, or applied already).
  bool sent = true;
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
  EventDispatcher(store::IdMap& ids, store::OrderLedgers& ledger,
                  IdRecording recording = IdRecording::by_dispatcher)
      : ids_(ids), ledger_(ledger), recording_(recording) {}

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
  // Makes sure the ledger holds what `event` brings (the service's accept did it already;
  // `send`, or a move whose order the door did not know, get it here) and reads its order
  // into `order`. A result when the event must not reach the ERP.
  std::optional<DeliveryResult> through_ledger(const events::Event& event,
                                               const std::string& tenant,
                                               std::optional<store::LedgerOrder>& order);

  store::IdMap& ids_;
  store::OrderLedgers& ledger_;
  IdRecording recording_;
};

}  // namespace erpbridge::pipeline
