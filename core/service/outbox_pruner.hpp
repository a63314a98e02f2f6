// The background task of `serve` that keeps the outbox to its retention
// (docs/delivery.md#retention): every interval, delivered rows older than store.retention_days
// are pruned in small batches, a short pause between two batches, on this thread and never on
// a request's. The retention is read at each pass, so a reload changes it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "store/retention.hpp"

namespace erpbridge::service {

struct PrunerOptions {
  std::chrono::milliseconds interval{60000};  // between two passes (the first runs at start)
  std::size_t batch = 500;                    // rows per transaction
  std::chrono::milliseconds pause{20};        // between two batches of one pass
};

class OutboxPruner {
 public:
  using Clock = std::function<std::int64_t()>;  // unix ms
  // `retention` answers the current store.retention_days (zero days: keep everything).
  // Starts the thread.
  OutboxPruner(store::Retention& store, std::function<std::chrono::days()> retention, Clock clock,
               PrunerOptions options = {});
  ~OutboxPruner();  // stop()
  OutboxPruner(const OutboxPruner&) = delete;
  OutboxPruner& operator=(const OutboxPruner&) = delete;

  // Ends a pass under way after its current batch, and the thread.
  void stop();

 private:
  void run();
  void prune_once();
  bool stopping();

  store::Retention& store_;
  std::function<std::chrono::days()> retention_;
  Clock clock_;
  PrunerOptions options_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace erpbridge::service
