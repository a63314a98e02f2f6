// The one delivery pipeline, for both directions: a claimed lane head (and the rows that may
// join it in one call) taken through one attempt. It waits when the tenant or the sink cannot
// take the rows yet, looks the head up first if it is in doubt, hands the group to its sink
// (the tenant's ERP connector, or its Commerceup open API), classifies the reply with the
// retry policy, finishes the whole group with ONE store::GroupOutcome, and counts the metrics
// and writes one log line. The delivery engine decides when and on which thread; this decides
// what. docs/delivery.md describes it.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "service/delivery_sink.hpp"
#include "service/group_commit.hpp"
#include "service/metrics.hpp"
#include "service/runtime.hpp"
#include "store/roles.hpp"

namespace erpbridge::service {

struct AttemptOutcome {
  store::Outcome outcome = store::Outcome::retry;
  std::optional<std::string> erp_id;  // delivered: what the head's erp_id became
  std::string last_error;             // dead: what the head's last_error became
  bool work_ready = false;  // finishing the group made other rows ready (its lane's next one,
                            // or rows that waited for the ids it created)
  bool final() const {
    return outcome == store::Outcome::delivered || outcome == store::Outcome::dead;
  }
};

class DeliveryAttempt {
 public:
  // Each row goes to the first of `sinks` that handles its event type; a row no sink takes
  // is a dead letter.
  DeliveryAttempt(store::WorkClaims& claims, store::OutcomeWriter& outcomes,
                  std::vector<DeliverySink*> sinks, Metrics& metrics);

  // `head` was claimed (it is `delivering` in the store); `runtime` is the snapshot current
  // at claim time, held for the whole call so a reload cannot unload the connector under it.
  // `parsed` is the head's event when the caller still has it (the facade, which validated
  // it a moment ago), so it is not parsed again from the stored payload. Throws only when the
  // store fails.
  AttemptOutcome run(const store::OutboxEvent& head, std::shared_ptr<const Runtime> runtime,
                     const events::Event* parsed = nullptr);

  // Writes `outcome` (with the other outcomes finishing at the same moment: one transaction).
  // For the engine's hand-backs too. Returns whether it made work ready. Throws when the
  // store fails.
  bool finish(store::GroupOutcome outcome) { return finishes_.submit(std::move(outcome)); }

 private:
  struct Context;
  using Clock = std::chrono::steady_clock;

  DeliverySink* sink_for(const std::string& event_type) const;
  AttemptOutcome send(Context& c);
  AttemptOutcome classify(Context& c, const SinkReply& reply, bool in_doubt_before);
  AttemptOutcome wait(Context& c, const std::string& why, std::chrono::milliseconds delay,
                      LogLevel level);
  AttemptOutcome delivered(Context& c, const SinkReply& reply);
  AttemptOutcome dead(Context& c, const DeliveryResult& result, const std::string& reason);
  void count(const Context& c, const char* outcome);
  void log_outcome(const Context& c, const char* outcome, const DeliveryResult& result,
                   const std::string& detail) const;

  // Groups finishing at the same time (facade calls on many handler threads, the workers)
  // share one transaction for their outcomes, as accepts do.
  static constexpr std::size_t kMaxOutcomesPerCommit = 256;

  store::WorkClaims& claims_;
  store::OutcomeWriter& outcomes_;
  const std::vector<DeliverySink*> sinks_;
  Metrics& metrics_;
  GroupCommit<store::GroupOutcome, bool> finishes_;
};

}  // namespace erpbridge::service
