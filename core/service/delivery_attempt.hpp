// One claimed outbox row taken through one attempt: look it up first if it is in doubt,
// dispatch it to the tenant's connector, and write what became of it back to the store
// (delivered, dead, retry later, or wait for its parent), with one log line and the metrics.
// The delivery engine decides when and on which thread; this decides what.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/log.hpp"
#include "pipeline/event_dispatcher.hpp"
#include "service/group_commit.hpp"
#include "service/metrics.hpp"
#include "service/runtime.hpp"
#include "store/outbox.hpp"

namespace erpbridge::service {

struct AttemptOutcome {
  enum class Kind { delivered, dead, retry, waiting };
  AttemptOutcome() = default;
  AttemptOutcome(Kind k) : kind(k) {}  // implicit, for `return {Kind::waiting};`

  Kind kind = Kind::retry;
  std::optional<std::string> erp_id;  // delivered: what the row's erp_id became
  std::string last_error;             // dead: what the row's last_error became
  bool work_ready = false;  // finishing the row made other rows ready (its lane's next one, or
                            // rows that waited for the ids it created)
  bool final() const { return kind == Kind::delivered || kind == Kind::dead; }
};

class CommerceupDelivery;

class DeliveryAttempt {
 public:
  // `commerceup` delivers sync-back rows (commerceup.*); without it they are dead letters.
  // `dispatcher` must leave the ids to its caller (pipeline::IdRecording::by_caller): they are
  // written with the outcome, in Outbox::mark_delivered's transaction.
  DeliveryAttempt(store::Outbox& outbox, pipeline::EventDispatcher& dispatcher, Metrics& metrics,
                  CommerceupDelivery* commerceup = nullptr)
      : outbox_(outbox),
        dispatcher_(dispatcher),
        metrics_(metrics),
        commerceup_(commerceup),
        delivered_marks_(kMaxMarksPerCommit,
                         [this](const auto& marks) { return outbox_.mark_delivered_all(marks); }) {}

  // `row` was claimed (it is `delivering` in the store); `runtime` is the snapshot current at
  // claim time, held for the whole call so a reload cannot unload the connector under it.
  // `parsed` is the row's event when the caller still has it (the facade, which validated
  // it a moment ago), so it is not parsed again from the stored payload. Throws only when
  // the store fails.
  AttemptOutcome run(const store::OutboxEvent& row, std::shared_ptr<const Runtime> runtime,
                     const events::Event* parsed = nullptr);

 private:
  struct Context;

  AttemptOutcome unknown_tenant(Context& c);
  AttemptOutcome send(Context& c);
  DeliveryResult dispatch(Context& c);
  // The in-doubt check; returns an outcome when it settles the row, nullopt to send.
  std::optional<AttemptOutcome> look_up_first(Context& c);
  AttemptOutcome wait_for_parent(Context& c, const std::string& parent);
  AttemptOutcome finish(Context& c, const DeliveryResult& result, bool in_doubt_before);
  AttemptOutcome delivered(Context& c, const DeliveryResult& result, const char* how);
  AttemptOutcome dead(Context& c, const DeliveryResult& result, const std::string& reason);
  void log_outcome(const Context& c, const char* outcome, const DeliveryResult& result,
                   const std::string& detail) const;
  void log_wait(const Context& c, LogLevel level, const std::string& why) const;

  // Deliveries finishing at the same time (facade calls on many handler threads, the
  // workers) share one transaction for their outcomes, as accepts do.
  static constexpr std::size_t kMaxMarksPerCommit = 256;

  store::Outbox& outbox_;
  pipeline::EventDispatcher& dispatcher_;
  Metrics& metrics_;
  CommerceupDelivery* commerceup_;
  GroupCommit<store::DeliveredMark, bool> delivered_marks_;
};

}  // namespace erpbridge::service
