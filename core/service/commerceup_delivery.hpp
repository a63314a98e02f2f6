// Delivery of sync-back rows (event types commerceup.*) to the tenant's Commerceup store
// through its open API, with the host's own HTTP client (docs/sync-back.md). Called by
// DeliveryAttempt for a claimed lane head: inventory heads take the rows queued behind them
// into one bulk call, and the whole group is delivered, retried or dead-lettered together,
// with the same retry policy, dead letters, metrics and log lines as deliveries to the ERP.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/delivery_result.hpp"
#include "http/http_client.hpp"
#include "service/delivery_attempt.hpp"
#include "service/metrics.hpp"
#include "service/runtime.hpp"
#include "store/id_map.hpp"
#include "store/outbox.hpp"

namespace erpbridge::service {

class CommerceupDelivery {
 public:
  CommerceupDelivery(store::Outbox& outbox, const store::IdMap& ids, Metrics& metrics)
      : outbox_(outbox), ids_(ids), metrics_(metrics) {}

  // `head` was claimed (delivering); `tenant` is its tenant in the claim-time snapshot.
  // Throws only when the store fails.
  AttemptOutcome run(const store::OutboxEvent& head, const TenantRuntime& tenant);

 private:
  struct Group;

  AttemptOutcome inventory(Group& g, bool deltas);
  AttemptOutcome order_status(Group& g);
  AttemptOutcome send(Group& g, const char* endpoint, const std::string& body);
  AttemptOutcome finish(Group& g, const DeliveryResult& result);
  AttemptOutcome delivered(Group& g, const DeliveryResult& result, const std::string& detail);
  AttemptOutcome dead(Group& g, const DeliveryResult& result, const std::string& reason);
  AttemptOutcome not_configured(Group& g);
  void count(const Group& g, const char* outcome);
  void log_outcome(const Group& g, const char* outcome, const DeliveryResult& result,
                   const std::string& detail) const;

  store::Outbox& outbox_;
  const store::IdMap& ids_;
  Metrics& metrics_;
};

}  // namespace erpbridge::service
