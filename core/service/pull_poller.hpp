// The pull side of sync back (docs/sync-back.md): one service thread that, for every tenant
// whose `commerceup.pull` is set and whose adapter can pull, asks the adapter for the ERP's
// changes since the stored cursor every interval (at once again while it answers "more"),
// validates them and stores the rows together with the new cursor in one transaction. Errors
// are logged with the tenant, counted, and tried again at the next interval. Each round reads
// the current runtime snapshot, so reloads add and remove tenants.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "service/metrics.hpp"
#include "service/runtime.hpp"
#include "store/id_map.hpp"
#include "store/roles.hpp"

namespace erpbridge::service {

class PullPoller {
 public:
  // `on_stored` runs after rows were committed (wakes the delivery threads). `ids` keys each
  // order's status lane by Commerceup's order id. Starts the thread.
  PullPoller(store::EventIntake& intake, const store::PullCursors& cursors, const store::IdMap& ids,
             const RuntimeHolder& runtime, Metrics& metrics, std::function<void()> on_stored);
  ~PullPoller();  // stop()
  PullPoller(const PullPoller&) = delete;
  PullPoller& operator=(const PullPoller&) = delete;

  // The config changed: look at the tenants again now.
  void wake();
  // No further pulls start; returns at once (a pull under way still commits what it got).
  void request_stop();
  // request_stop(), then waits for the thread (and so for a pull under way) to end.
  void stop();

 private:
  struct PullResult {
    bool ok = false;
    std::size_t stored = 0;  // rows committed (duplicates included)
    bool more = false;       // the adapter has more: pull again at once
  };

  void run();
  // One pull of one tenant: cursor, adapter, validation, one transaction. Never throws.
  PullResult pull_once(const TenantRuntime& tenant);
  bool can_pull(const TenantRuntime& tenant);

  store::EventIntake& intake_;
  const store::PullCursors& cursors_;
  const store::IdMap& ids_;
  const RuntimeHolder& runtime_;
  Metrics& metrics_;
  std::function<void()> on_stored_;

  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false, wake_ = false;
  std::map<std::string, std::chrono::steady_clock::time_point> next_pull_;  // by tenant
  std::set<std::string> warned_no_pull_;  // tenants told once their adapter cannot pull
  std::thread thread_;
};

}  // namespace erpbridge::service
