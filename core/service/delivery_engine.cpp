#include "service/delivery_engine.hpp"

#include <algorithm>

#include "common/clock.hpp"
#include "common/log.hpp"

namespace erpbridge::service {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Rows of tenants that left the config (a reload removed them) are looked at every ten poll
// intervals (at least a second), a few at a time, so they wait (or reach max_age) instead of
// being forgotten. Rare, and it counts the open rows, so not every round.
milliseconds orphan_sweep_interval(milliseconds poll) {
  return std::max(milliseconds(1000), 10 * poll);
}
constexpr std::size_t kOrphanQuota = 4;
// After the store failed, the claimer waits this long before trying again.
constexpr milliseconds kStoreErrorPause{1000};

std::string outcome_key(const store::OutboxEvent& row) {
  return row.tenant + '\n' + row.event_id;
}

}  // namespace

DeliveryEngine::DeliveryEngine(store::WorkClaims& claims, const store::EventStatus& status,
                               DeliveryAttempt& attempt, const RuntimeHolder& runtime,
                               OutcomeBoard& outcomes, EngineOptions options)
    : claims_(claims),
      status_(status),
      attempt_(attempt),
      runtime_(runtime),
      outcomes_(outcomes),
      options_{std::max<std::size_t>(options.threads, 1), options.poll_interval} {}

DeliveryEngine::~DeliveryEngine() {
  stop();
}

void DeliveryEngine::start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  claimer_ = std::thread([this] { claim_loop(); });
  for (std::size_t i = 0; i < options_.threads; ++i) workers_.emplace_back([this] { work_loop(); });
}

void DeliveryEngine::wake() {
  {
    std::lock_guard lock(mutex_);
    wake_ = true;
  }
  claimer_cv_.notify_one();
}

bool DeliveryEngine::running() const {
  std::lock_guard lock(mutex_);
  return started_ && claiming_ && !stop_;
}

void DeliveryEngine::drain(milliseconds grace) {
  std::deque<Job> unstarted;
  {
    std::lock_guard lock(mutex_);
    claiming_ = false;
    unstarted.swap(jobs_);
    for (const Job& job : unstarted) {
      --claimed_[job.row.tenant];
      --claimed_total_;
    }
  }
  release_unstarted(std::move(unstarted));
  std::unique_lock lock(mutex_);
  idle_cv_.wait_for(lock, grace, [&] { return running_total_ == 0; });
}

void DeliveryEngine::stop() {
  drain(milliseconds(0));
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  claimer_cv_.notify_all();
  worker_cv_.notify_all();
  if (claimer_.joinable()) claimer_.join();
  for (auto& worker : workers_)
    if (worker.joinable()) worker.join();
  workers_.clear();
}

void DeliveryEngine::release_unstarted(std::deque<Job> jobs) {
  for (const Job& job : jobs) {
    try {
      store::GroupOutcome back;
      back.seqs = {job.row.seq};
      back.outcome = store::Outcome::released;
      back.next_attempt_at_ms = unix_now_ms();
      attempt_.finish(std::move(back));
    } catch (const std::exception& e) {
      // It stays `delivering` and comes back in doubt at the next start.
      log_line(LogLevel::error, "delivery: could not hand event " + job.row.event_id +
                                    " back to the store: " + e.what());
    }
  }
}

// The store failed mid-attempt, perhaps after the ERP accepted the event and before that was
// recorded: retry later as in doubt, so the next attempt looks before it resends.
void DeliveryEngine::park_in_doubt(const store::OutboxEvent& row) {
  try {
    store::GroupOutcome parked;
    parked.seqs = {row.seq};
    parked.outcome = store::Outcome::in_doubt;
    parked.attempts = row.attempts;
    parked.next_attempt_at_ms = unix_now_ms() + kStoreErrorPause.count();
    parked.last_class = store::LastClass::in_doubt;
    parked.last_error = "the store failed while the outcome was being recorded";
    attempt_.finish(std::move(parked));
  } catch (const std::exception& e) {
    log_line(LogLevel::error, "delivery: event " + row.event_id +
                                  " stays delivering until the next start: " + e.what());
  }
}

Clock::time_point DeliveryEngine::next_claim_time() const {
  auto at = Clock::now() + options_.poll_interval;
  if (next_due_ms_) at = std::min(at, Clock::now() + milliseconds(*next_due_ms_ - unix_now_ms()));
  return at;
}

void DeliveryEngine::claim_loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    claimer_cv_.wait_until(lock, next_claim_time(), [&] { return stop_ || wake_; });
    if (stop_) break;
    wake_ = false;
    if (claiming_) claim_round(lock);
  }
}

// Called and returns with `lock` held; the store is asked without it.
void DeliveryEngine::claim_round(std::unique_lock<std::mutex>& lock) {
  const auto runtime = runtime_.current();
  auto asked = quotas(*runtime);
  const std::size_t room = options_.threads - std::min(options_.threads, claimed_total_);
  lock.unlock();
  store::ClaimResult claimed;
  try {
    add_orphan_quotas(*runtime, asked);
    if (room > 0 && !asked.empty()) claimed = claims_.claim_ready(unix_now_ms(), asked, room);
  } catch (const std::exception& e) {
    log_line(LogLevel::error, std::string("delivery: claiming from the store failed: ") + e.what());
    lock.lock();
    claimer_cv_.wait_for(lock, kStoreErrorPause, [&] { return stop_; });
    return;
  }
  lock.lock();
  if (!claiming_) {  // drain() began while the store was asked: hand the rows straight back
    std::deque<Job> unstarted;
    for (auto& row : claimed.events) unstarted.push_back({std::move(row), runtime});
    lock.unlock();
    release_unstarted(std::move(unstarted));
    lock.lock();
    return;
  }
  next_due_ms_ = claimed.next_due_ms;
  for (auto& row : claimed.events) {
    ++claimed_[row.tenant];
    ++claimed_total_;
    jobs_.push_back({std::move(row), runtime});
  }
  if (!claimed.events.empty()) worker_cv_.notify_all();
}

// Each tenant's free concurrency, tenants in an order that rotates every round so that when
// worker threads are scarce no tenant always comes last.
std::vector<store::TenantQuota> DeliveryEngine::quotas(const Runtime& runtime) {
  std::vector<store::TenantQuota> out;
  for (const auto& [id, tenant] : runtime.tenants) {
    const int used = claimed_.count(id) ? claimed_.at(id) : 0;
    const int free = tenant->config.delivery.concurrency - used;
    if (free > 0) out.push_back({id, static_cast<std::size_t>(free)});
  }
  if (!out.empty()) {
    std::rotate(out.begin(), out.begin() + static_cast<long>(rotation_ % out.size()), out.end());
    ++rotation_;
  }
  return out;
}

void DeliveryEngine::add_orphan_quotas(const Runtime& runtime,
                                       std::vector<store::TenantQuota>& quotas) {
  if (Clock::now() < next_orphan_sweep_) return;
  next_orphan_sweep_ = Clock::now() + orphan_sweep_interval(options_.poll_interval);
  for (const auto& count : status_.count_by_state()) {
    const bool waiting =
        count.state == store::EventState::queued || count.state == store::EventState::in_doubt;
    if (waiting && !runtime.tenant(count.tenant)) quotas.push_back({count.tenant, kOrphanQuota});
  }
}

void DeliveryEngine::work_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    worker_cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    const bool over = over_tenant_limit(job);
    ++running_[job.row.tenant];
    ++running_total_;
    lock.unlock();
    if (over) {
      release_unstarted({job});  // a reload lowered the limit: no attempt is counted
    } else {
      run_job(job.row, job.runtime, nullptr);
    }
    lock.lock();
    --running_[job.row.tenant];
    --running_total_;
    --claimed_[job.row.tenant];
    --claimed_total_;
    wake_ = true;
    claimer_cv_.notify_one();
    idle_cv_.notify_all();
  }
}

// Against the current config, not the claim-time one: rows claimed before a reload lowered
// the limit wait for the new limit instead of all running at once.
bool DeliveryEngine::over_tenant_limit(const Job& job) const {
  const auto tenant = runtime_.current()->tenant(job.row.tenant);
  if (!tenant) return false;
  auto it = running_.find(job.row.tenant);
  return it != running_.end() && it->second >= tenant->config.delivery.concurrency;
}

AttemptOutcome DeliveryEngine::run_job(const store::OutboxEvent& row,
                                       std::shared_ptr<const Runtime> runtime,
                                       const events::Event* parsed) {
  AttemptOutcome outcome;
  try {
    outcome = attempt_.run(row, std::move(runtime), parsed);
  } catch (const std::exception& e) {
    log_line(LogLevel::error, "delivery tenant=" + row.tenant + " event=" + row.event_id +
                                  ": the store failed: " + e.what());
    park_in_doubt(row);
    return outcome;  // retry, as in doubt
  }
  if (outcome.final()) outcomes_.announce(outcome_key(row));
  return outcome;
}

bool DeliveryEngine::reserve_inline(const std::string& tenant, int concurrency) {
  std::lock_guard lock(mutex_);
  if (!claiming_ || stop_) return false;
  int& claimed = claimed_[tenant];
  if (claimed >= concurrency) return false;
  ++claimed;
  ++running_[tenant];
  ++running_total_;
  return true;
}

void DeliveryEngine::cancel_inline(const std::string& tenant) {
  end_inline(tenant, false);
}

AttemptOutcome DeliveryEngine::run_inline(const store::OutboxEvent& row,
                                          std::shared_ptr<const Runtime> runtime,
                                          const events::Event& event) {
  AttemptOutcome outcome = run_job(row, std::move(runtime), &event);
  // A retry or a wait has a due time the claimer must learn; a final outcome only matters
  // to it when it made other rows ready. The common case (delivered, nothing behind it)
  // leaves the claimer asleep.
  end_inline(row.tenant, outcome.work_ready || !outcome.final());
  return outcome;
}

void DeliveryEngine::end_inline(const std::string& tenant, bool wake_claimer) {
  {
    std::lock_guard lock(mutex_);
    --claimed_[tenant];
    --running_[tenant];
    --running_total_;
    if (wake_claimer) wake_ = true;
  }
  if (wake_claimer) claimer_cv_.notify_one();
  idle_cv_.notify_all();
}

}  // namespace erpbridge::service
