// The seam between the HTTP API and the delivery machinery: accept an event durably, ask for
// its status or wait for its outcome, manage dead letters, reload config. The API layer knows
// nothing about lanes, retries or SQLite. docs/delivery.md describes what happens behind it.
//
// CHANGED: ServiceOptions::sync is std::optional<store::SyncLevel>; unset (the default) takes
// the host file's store.synchronous (itself "normal" by default). Assigning a SyncLevel works
// as before. New: ServiceOptions::max_batch (group-commit size).
// CHANGED: submit() throws std::invalid_argument when the event's project_hash is not
// `tenant`, and std::runtime_error when the store cannot commit (nothing was stored: answer
// 503, the caller may retry with the same event_id).
// NEW (sync back, docs/sync-back.md): submit_changes; a pull thread for tenants with
// commerceup.pull; TenantRuntime gains `commerceup` (the tenant's pooled Commerceup endpoint).
// CHANGED (the store as roles, store/roles.hpp): store::Outbox and open_sqlite_* are gone; the
// rows are in store/outbox_rows.hpp, and OutboxEvent::last_class is a store::LastClass (its
// to_string gives the text the API shows).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "events/event.hpp"
#include "service/metrics.hpp"
#include "service/runtime.hpp"
#include "store/outbox_rows.hpp"
#include "store/store.hpp"

namespace erpbridge::service {

struct ServiceOptions {
  std::filesystem::path host_file;
  std::filesystem::path plugin_dir_override;     // empty: the host file's
  std::optional<store::SyncLevel> sync;          // unset: the host file's store.synchronous
  std::size_t delivery_threads = 8;              // shared by all tenants; per-tenant limits apply
  std::chrono::milliseconds poll_interval{200};  // also picks up rows changed by the CLI
  std::size_t max_batch = 1000;                  // most events stored by one transaction
};

struct ReloadReport {
  bool ok = false;
  std::string message;  // why it failed (file:line: key: problem), or what changed
};

// A registration for one event's final outcome (EventService::watch_outcome). Outcomes
// announced after it was made are never missed.
class OutcomeWatch {
 public:
  ~OutcomeWatch();
  OutcomeWatch(OutcomeWatch&&) noexcept;
  OutcomeWatch& operator=(OutcomeWatch&&) noexcept;

 private:
  friend class EventService;
  struct Impl;
  explicit OutcomeWatch(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class EventService {
 public:
  // Loads the runtime, opens the store, recovers rows a crash left `delivering` (-> in_doubt)
  // and starts the delivery threads. Throws on a config or store error.
  explicit EventService(ServiceOptions options);
  ~EventService();  // stop(), then joins
  EventService(const EventService&) = delete;
  EventService& operator=(const EventService&) = delete;

  // Durably stores the event (group commit with other concurrent callers) and wakes the
  // delivery threads. The event's project_hash must be `tenant`. Thread-safe. Returns only
  // once the event is committed; a duplicate event_id returns the stored row, unchanged, and
  // so does a repeated cancellation or return id (the first one's row). A cancel or return
  // the order ledger refuses (an unknown line, more than is left) is not stored: the result's
  // `refused` says why (docs/ledger.md).
  store::AcceptResult submit(const std::string& tenant, const events::Event& event);
  // submit(), and when the event's lane and one of its tenant's delivery slots are free and
  // the tenant's ERP timeouts (connect + read) end within server.request_timeout, its first
  // delivery attempt right away on the calling thread: the synchronous facade's path, with
  // no hand-off to the delivery threads. The returned row is as that attempt left it:
  // delivered (erp_id set) or dead (last_error set) when it settled the event; otherwise as
  // submit() left it, and the delivery threads carry on (wait on a watch made before the
  // call). Throws as submit() does.
  store::AcceptResult submit_and_deliver(const std::string& tenant, const events::Event& event);

  // The stored row, or nullopt. A tenant only ever sees its own events.
  std::optional<store::OutboxEvent> status(const std::string& tenant,
                                           const std::string& event_id) const;
  // Blocks until the event is delivered or dead, or `timeout` passes; returns the row as it is
  // then (nullopt if unknown).
  std::optional<store::OutboxEvent> wait_for_outcome(const std::string& tenant,
                                                     const std::string& event_id,
                                                     std::chrono::milliseconds timeout) const;
  // For a synchronous caller that submits and then waits: watch the event's outcome BEFORE
  // submit(), and wait on the watch when submit() returned a row that is not final yet. Every
  // announcement after the watch is seen, so the store is read once, after the outcome is
  // announced, instead of also before the first wait (wait_for_outcome above, which cannot
  // know that nothing was announced between submit and its call).
  OutcomeWatch watch_outcome(const std::string& tenant, const std::string& event_id) const;
  // Blocks until the watched event is delivered or dead, or `timeout` passes; returns the row
  // as it is then (nullopt if unknown). Call it only after submit() returned a row that is not
  // final: an outcome final before the watch was made is not announced to it.
  std::optional<store::OutboxEvent> wait_for_outcome(OutcomeWatch& watch,
                                                     std::chrono::milliseconds timeout) const;

  std::vector<store::OutboxEvent> dead_letters(const std::string& tenant, std::size_t limit) const;
  bool replay(const std::string& tenant, const std::string& event_id);

  // Builds a new runtime from the files; on any error keeps the old one and says why.
  ReloadReport reload();
  std::shared_ptr<const Runtime> runtime() const;

  // Sync back (docs/sync-back.md): stores the rows of one pushed changes document
  // (syncback::change_events) in ONE transaction and wakes the delivery threads. Returns once
  // committed, one result per row; a repeated event id is a duplicate. Throws when the store
  // cannot commit (nothing was stored).
  std::vector<store::AcceptResult> submit_changes(const std::vector<store::NewEvent>& rows);
  // Commerceup's order id of the tenant's ERP order `erp_order_id` (the id map), if known.
  std::optional<std::string> commerceup_order_id(const std::string& tenant,
                                                 const std::string& erp_order_id) const;

  Metrics& metrics();
  bool ready() const;  // store open and delivery threads running

  // Stops claiming new work, lets in-flight deliveries finish (up to `grace`), leaves the rest
  // queued in the store for the next start. submit() still stores events after a drain.
  void drain(std::chrono::milliseconds grace);

 private:
  std::optional<store::OutboxEvent> wait_until_final(
      OutcomeWatch::Impl& watch, std::chrono::steady_clock::time_point deadline) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace erpbridge::service
