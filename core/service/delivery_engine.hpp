// The delivery threads. One claimer thread takes ready lane heads from the outbox, within
// each tenant's free concurrency and the free worker threads, and queues them for N worker
// threads, which run one DeliveryAttempt each. The claimer sleeps until something changes: an
// accepted event, a finished delivery, the earliest retry time the store reported, or the
// poll interval (which also picks up rows another process changed, such as a CLI replay).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "service/delivery_attempt.hpp"
#include "service/outcome_board.hpp"
#include "service/runtime.hpp"
#include "store/roles.hpp"

namespace erpbridge::service {

struct EngineOptions {
  std::size_t threads = 8;
  std::chrono::milliseconds poll_interval{200};
};

class DeliveryEngine {
 public:
  // `claims` to take work; `status` to find rows of tenants that left the config; `attempt`
  // runs each claimed row and finishes what the engine hands back.
  DeliveryEngine(store::WorkClaims& claims, const store::EventStatus& status,
                 DeliveryAttempt& attempt, const RuntimeHolder& runtime, OutcomeBoard& outcomes,
                 EngineOptions options);
  ~DeliveryEngine();  // stop()
  DeliveryEngine(const DeliveryEngine&) = delete;
  DeliveryEngine& operator=(const DeliveryEngine&) = delete;

  void start();
  // Something may be ready (events accepted, a replay, a reload). Cheap; wake-ups coalesce.
  void wake();
  // Stops claiming, hands queued-but-unstarted rows back to the store (no attempt counted)
  // and waits up to `grace` for running deliveries. Rows still running after that stay
  // `delivering`; the next start treats them as in doubt. Final: the engine claims no more.
  void drain(std::chrono::milliseconds grace);
  // drain(0), then joins the threads (which wait for running ERP calls to return).
  void stop();
  bool running() const;

  // The synchronous facade delivers a fresh event on its own thread, without the hand-off to
  // the claimer and a worker, when the event's tenant has a free delivery slot.
  // reserve_inline takes that slot, so inline and engine deliveries together stay within
  // the tenant's delivery.concurrency and drain() waits for inline ones too. False when the
  // tenant has no free slot or the engine is draining: the event then goes the engine's way.
  bool reserve_inline(const std::string& tenant, int concurrency);
  // Gives back a slot that went unused (the row could not be claimed at accept: its lane was
  // busy, or it was a duplicate).
  void cancel_inline(const std::string& tenant);
  // One attempt of `row`, which the caller claimed at accept (store::NewEvent::claim) with a
  // slot from reserve_inline: the same attempt a worker makes, then the slot is given back.
  // A final outcome is announced to the outcome board like any other.
  AttemptOutcome run_inline(const store::OutboxEvent& row, std::shared_ptr<const Runtime> runtime,
                            const events::Event& event);

 private:
  struct Job {
    store::OutboxEvent row;
    std::shared_ptr<const Runtime> runtime;
  };

  void claim_loop();
  void work_loop();
  void claim_round(std::unique_lock<std::mutex>& lock);
  std::vector<store::TenantQuota> quotas(const Runtime& runtime);
  void add_orphan_quotas(const Runtime& runtime, std::vector<store::TenantQuota>& quotas);
  std::chrono::steady_clock::time_point next_claim_time() const;
  bool over_tenant_limit(const Job& job) const;
  AttemptOutcome run_job(const store::OutboxEvent& row, std::shared_ptr<const Runtime> runtime,
                         const events::Event* parsed);
  void end_inline(const std::string& tenant, bool wake_claimer);
  void release_unstarted(std::deque<Job> jobs);
  void park_in_doubt(const store::OutboxEvent& row);

  store::WorkClaims& claims_;
  const store::EventStatus& status_;
  DeliveryAttempt& attempt_;
  const RuntimeHolder& runtime_;
  OutcomeBoard& outcomes_;
  const EngineOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable claimer_cv_, worker_cv_, idle_cv_;
  bool started_ = false, wake_ = true, claiming_ = true, stop_ = false;
  std::deque<Job> jobs_;                // claimed, waiting for a worker
  std::map<std::string, int> claimed_;  // per tenant: queued in jobs_, running, or inline
  std::map<std::string, int> running_;  // per tenant: on a worker or inline now
  std::size_t claimed_total_ = 0;       // of the worker threads (inline deliveries not counted)
  std::size_t running_total_ = 0;       // on workers and inline
  std::size_t rotation_ = 0;            // which tenant claims first, for fairness
  std::optional<std::int64_t> next_due_ms_;  // earliest retry the store reported
  std::chrono::steady_clock::time_point next_orphan_sweep_{};
  std::thread claimer_;
  std::vector<std::thread> workers_;
};

}  // namespace erpbridge::service
