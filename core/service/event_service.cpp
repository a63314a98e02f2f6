#include "service/event_service.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <stdexcept>

#include "common/clock.hpp"
#include "common/log.hpp"
#include "config/config_error.hpp"
#include "pipeline/event_dispatcher.hpp"
#include "pipeline/ledger_entry.hpp"
#include "service/batching_acceptor.hpp"
#include "service/commerceup_sink.hpp"
#include "service/delivery_attempt.hpp"
#include "service/delivery_engine.hpp"
#include "service/erp_sink.hpp"
#include "service/outbox_pruner.hpp"
#include "service/outcome_board.hpp"
#include "service/pull_poller.hpp"
#include "service/store_config.hpp"
#include "store/store.hpp"

namespace erpbridge::service {

namespace {

bool is_final(store::EventState s) {
  return s == store::EventState::delivered || s == store::EventState::dead;
}

std::string outcome_key(const std::string& tenant, const std::string& event_id) {
  return tenant + '\n' + event_id;  // as DeliveryEngine announces it
}

// A new row nobody claimed at accept: the engine must claim it. (A claimed one is delivered
// by the caller that claimed it; a duplicate is already known.)
bool leaves_work_for_the_engine(const store::AcceptResult& r) {
  return !r.duplicate && !r.claimed && !r.refused;
}

store::NewEvent new_event(const std::string& tenant, const events::Event& event, bool claim) {
  if (event.project_hash != tenant)
    throw std::invalid_argument("project_hash '" + event.project_hash +
                                "' does not match tenant '" + tenant + "'");
  return {tenant,
          event.event_id,
          events::to_string(event.type),
          event.entity_key(),
          event.document_id(),
          boost::json::serialize(event.envelope),
          claim,
          pipeline::ledger_entry(event)};
}

// What submit counts an accept result as: refused by the ledger's door check (nothing was
// stored), a duplicate (or a repeat of a cancellation or return), or accepted.
const char* accept_count(const store::AcceptResult& r) {
  if (r.refused) return "refused";
  return r.duplicate ? "duplicate" : "accepted";
}

// Whether a call to the ERP ends (answered or timed out) before the synchronous caller's
// wait does. Only then may the caller's own thread deliver: the caller must hear "pending"
// at request_timeout, which a thread blocked in the ERP call could not say.
bool call_ends_within(const http::EndpointConfig& erp, std::chrono::milliseconds wait) {
  return erp.connect_timeout + erp.read_timeout <= wait;
}

// The row as a settled attempt left it, without reading it back from the store.
void apply_outcome(store::OutboxEvent& row, const AttemptOutcome& outcome) {
  if (outcome.outcome == store::Outcome::delivered) {
    row.state = store::EventState::delivered;
    row.erp_id = outcome.erp_id;
  } else if (outcome.outcome == store::Outcome::dead) {
    row.state = store::EventState::dead;
    row.last_error = outcome.last_error;
  }
}

}  // namespace

// Members in dependency order: each is destroyed before what it uses (the acceptor and the
// engine stop their threads before the store closes).
struct EventService::Impl {
  explicit Impl(ServiceOptions o)
      : options(std::move(o)),
        runtime(load_runtime(options.host_file, options.plugin_dir_override)),
        store(store::open_store(store_config(runtime.current()->host, options.sync))),
        dispatcher(store->ids(), store->ledger(), pipeline::IdRecording::by_caller),
        erp(dispatcher),
        commerceup(store->ids()),
        attempt(store->claims(), store->outcomes(), {&erp, &commerceup}, metrics),
        engine(store->claims(), store->status(), attempt, runtime, outcomes,
               EngineOptions{options.delivery_threads, options.poll_interval}) {
    if (auto n = store->claims().recover_interrupted())
      log_line(LogLevel::warn, "outbox: " + std::to_string(n) +
                                   " deliveries were interrupted by a stop; they are in doubt "
                                   "and will be looked up before any resend");
    acceptor = std::make_unique<BatchingAcceptor>(
        store->intake(), options.max_batch,
        [this](const std::vector<store::AcceptResult>& results) {
          if (std::any_of(results.begin(), results.end(), leaves_work_for_the_engine))
            engine.wake();
        });
    metrics.set_queue_source([this] { return store->status().count_by_state(); });
    engine.start();
    poller = std::make_unique<PullPoller>(store->intake(), store->cursors(), store->ids(), runtime,
                                          metrics, [this] { engine.wake(); });
    pruner = std::make_unique<OutboxPruner>(
        store->retention(), [this] { return runtime.current()->host.store_retention; },
        unix_now_ms);
  }

  ~Impl() {
    pruner.reset();
    poller.reset();
    metrics.set_queue_source(nullptr);
    acceptor.reset();
    engine.stop();
    outcomes.announce_all();
  }

  ServiceOptions options;
  RuntimeHolder runtime;
  Metrics metrics;
  std::unique_ptr<store::Store> store;
  pipeline::EventDispatcher dispatcher;
  ErpSink erp;
  CommerceupSink commerceup;
  DeliveryAttempt attempt;
  OutcomeBoard outcomes;
  DeliveryEngine engine;
  std::unique_ptr<BatchingAcceptor> acceptor;
  std::unique_ptr<PullPoller> poller;
  std::unique_ptr<OutboxPruner> pruner;
  std::mutex reload_mutex;
};

EventService::EventService(ServiceOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

EventService::~EventService() = default;

store::AcceptResult EventService::submit(const std::string& tenant, const events::Event& event) {
  auto result = impl_->acceptor->accept(new_event(tenant, event, false));
  impl_->metrics.count_event(tenant, events::to_string(event.type), accept_count(result));
  return result;
}

store::AcceptResult EventService::submit_and_deliver(const std::string& tenant,
                                                     const events::Event& event) {
  auto runtime = impl_->runtime.current();
  auto tenant_runtime = runtime->tenant(tenant);
  const bool reserved =
      tenant_runtime &&
      call_ends_within(tenant_runtime->config.connection, runtime->host.server.request_timeout) &&
      impl_->engine.reserve_inline(tenant, tenant_runtime->config.delivery.concurrency);
  store::AcceptResult result;
  try {
    result = impl_->acceptor->accept(new_event(tenant, event, reserved));
  } catch (...) {
    if (reserved) impl_->engine.cancel_inline(tenant);
    throw;
  }
  impl_->metrics.count_event(tenant, events::to_string(event.type), accept_count(result));
  if (!result.claimed) {
    if (reserved) impl_->engine.cancel_inline(tenant);
    return result;
  }
  apply_outcome(result.event, impl_->engine.run_inline(result.event, std::move(runtime), event));
  return result;
}

std::vector<store::AcceptResult> EventService::submit_changes(
    const std::vector<store::NewEvent>& rows) {
  auto results = impl_->store->intake().accept(rows);
  for (const auto& r : results)
    impl_->metrics.count_event(r.event.tenant, r.event.event_type,
                               r.duplicate ? "duplicate" : "accepted");
  impl_->engine.wake();
  return results;
}

std::optional<std::string> EventService::commerceup_order_id(
    const std::string& tenant, const std::string& erp_order_id) const {
  return impl_->store->ids().find_our_id(tenant, store::EntityKind::order, erp_order_id);
}

std::optional<store::OutboxEvent> EventService::status(const std::string& tenant,
                                                       const std::string& event_id) const {
  return impl_->store->status().find(tenant, event_id);
}

struct OutcomeWatch::Impl {
  std::string tenant;
  std::string event_id;
  std::unique_ptr<OutcomeBoard::Ticket> ticket;
};

OutcomeWatch::OutcomeWatch(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OutcomeWatch::~OutcomeWatch() = default;
OutcomeWatch::OutcomeWatch(OutcomeWatch&&) noexcept = default;
OutcomeWatch& OutcomeWatch::operator=(OutcomeWatch&&) noexcept = default;

OutcomeWatch EventService::watch_outcome(const std::string& tenant,
                                         const std::string& event_id) const {
  return OutcomeWatch(std::make_unique<OutcomeWatch::Impl>(
      OutcomeWatch::Impl{tenant, event_id, impl_->outcomes.watch(outcome_key(tenant, event_id))}));
}

std::optional<store::OutboxEvent> EventService::wait_for_outcome(
    const std::string& tenant, const std::string& event_id,
    std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // Watch before reading, so an outcome landing between the read and the wait is not missed.
  auto watch = watch_outcome(tenant, event_id);
  auto row = impl_->store->status().find(tenant, event_id);
  if (!row || is_final(row->state)) return row;
  return wait_until_final(*watch.impl_, deadline);
}

std::optional<store::OutboxEvent> EventService::wait_for_outcome(
    OutcomeWatch& watch, std::chrono::milliseconds timeout) const {
  return wait_until_final(*watch.impl_, std::chrono::steady_clock::now() + timeout);
}

// The row was not final when last read (or when submitted) after the watch was made: only an
// announcement can change that, so read the store only after one, or at the deadline.
std::optional<store::OutboxEvent> EventService::wait_until_final(
    OutcomeWatch::Impl& watch, std::chrono::steady_clock::time_point deadline) const {
  for (;;) {
    const bool announced = watch.ticket->wait_until(deadline);
    auto row = impl_->store->status().find(watch.tenant, watch.event_id);
    if (!announced || !row || is_final(row->state)) return row;
  }
}

std::vector<store::OutboxEvent> EventService::dead_letters(const std::string& tenant,
                                                           std::size_t limit) const {
  return impl_->store->dead_letters().list(tenant, limit);
}

bool EventService::replay(const std::string& tenant, const std::string& event_id) {
  if (!impl_->store->dead_letters().replay(tenant, event_id, unix_now_ms())) return false;
  log_line(LogLevel::info,
           "delivery tenant=" + tenant + " event=" + event_id + " replayed from the dead letters");
  impl_->engine.wake();
  return true;
}

ReloadReport EventService::reload() {
  std::lock_guard lock(impl_->reload_mutex);
  ReloadReport report;
  try {
    auto next = load_runtime(impl_->options.host_file, impl_->options.plugin_dir_override);
    report.message = describe_reload(*impl_->runtime.current(), *next);
    // The log settings are the one part of the host file a reload applies at once.
    set_log_threshold(parse_log_level(next->host.log_level));
    set_log_format(parse_log_format(next->host.log_format));
    impl_->runtime.replace(std::move(next));
    report.ok = true;
  } catch (const std::exception& e) {
    report.message = e.what();  // a ConfigError reads file:line: key: problem
  }
  log_line(report.ok ? LogLevel::info : LogLevel::error,
           std::string("config reload ") +
               (report.ok ? "done: "
                          : "failed, keeping the running "
                            "config: ") +
               report.message);
  if (report.ok) {
    impl_->engine.wake();
    impl_->poller->wake();
  }
  return report;
}

std::shared_ptr<const Runtime> EventService::runtime() const {
  return impl_->runtime.current();
}

Metrics& EventService::metrics() {
  return impl_->metrics;
}

bool EventService::ready() const {
  return impl_->engine.running();
}

void EventService::drain(std::chrono::milliseconds grace) {
  impl_->poller->request_stop();
  impl_->engine.drain(grace);
  log_line(LogLevel::info, "delivery: drained; undelivered events stay queued in the store");
}

}  // namespace erpbridge::service
