#include "service/outbox_pruner.hpp"

#include <exception>
#include <string>

#include "common/log.hpp"

namespace erpbridge::service {

OutboxPruner::OutboxPruner(store::Retention& store, std::function<std::chrono::days()> retention,
                           Clock clock, PrunerOptions options)
    : store_(store),
      retention_(std::move(retention)),
      clock_(std::move(clock)),
      options_(options),
      thread_([this] { run(); }) {}

OutboxPruner::~OutboxPruner() {
  stop();
}

void OutboxPruner::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool OutboxPruner::stopping() {
  std::lock_guard lock(mutex_);
  return stop_;
}

void OutboxPruner::run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    prune_once();
    lock.lock();
    cv_.wait_for(lock, options_.interval, [this] { return stop_; });
  }
}

// A store error is logged and the next pass tries again: nothing is lost by pruning later.
void OutboxPruner::prune_once() {
  const std::chrono::days retention = retention_();
  if (retention.count() == 0) return;
  try {
    const std::size_t pruned =
        store::prune_in_batches(store_, store::retention_cutoff(clock_(), retention),
                                options_.batch, options_.pause, [this] { return stopping(); });
    if (pruned > 0)
      log_line(LogLevel::debug, "retention: pruned " + std::to_string(pruned) +
                                    " delivered event(s) older than " +
                                    std::to_string(retention.count()) + " day(s)");
  } catch (const std::exception& e) {
    log_line(LogLevel::warn,
             std::string("retention: pruning failed, trying again later: ") + e.what());
  }
}

}  // namespace erpbridge::service
