#include "service/batching_acceptor.hpp"

#include <stdexcept>

#include "common/log.hpp"

namespace erpbridge::service {

// One transaction's worth of events and its callers' shared fate. Callers wait on the
// batch's own condition variable, so a commit wakes only the callers it concerns.
struct BatchingAcceptor::Batch {
  std::vector<store::NewEvent> events;
  std::vector<store::AcceptResult> results;
  std::exception_ptr error;
  bool done = false;
  std::condition_variable committed;
};

BatchingAcceptor::BatchingAcceptor(store::Outbox& outbox, std::size_t max_batch, OnCommit on_commit)
    : outbox_(outbox),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      on_commit_(std::move(on_commit)),
      writer_([this] { run(); }) {}

BatchingAcceptor::~BatchingAcceptor() {
  stop();
}

store::AcceptResult BatchingAcceptor::accept(store::NewEvent event) {
  std::unique_lock lock(mutex_);
  if (stopping_) throw std::runtime_error("the event store is shutting down");
  if (pending_.empty() || pending_.back()->events.size() >= max_batch_)
    pending_.push_back(std::make_shared<Batch>());
  std::shared_ptr<Batch> batch = pending_.back();
  const std::size_t index = batch->events.size();
  batch->events.push_back(std::move(event));
  work_.notify_one();
  batch->committed.wait(lock, [&] { return batch->done; });
  if (batch->error) std::rethrow_exception(batch->error);
  return batch->results[index];
}

void BatchingAcceptor::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  if (writer_.joinable()) writer_.join();
}

void BatchingAcceptor::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
    if (pending_.empty()) return;  // stopping, and everything queued is committed
    std::shared_ptr<Batch> batch = pending_.front();
    pending_.pop_front();  // new callers start the next batch while this one commits
    lock.unlock();
    commit(*batch);
    lock.lock();
    batch->done = true;
    batch->committed.notify_all();
  }
}

void BatchingAcceptor::commit(Batch& batch) {
  try {
    batch.results = outbox_.accept(batch.events);
  } catch (const std::exception& e) {
    log_line(LogLevel::error, std::string("outbox: storing a batch of ") +
                                  std::to_string(batch.events.size()) +
                                  " events failed: " + e.what());
    batch.error = std::current_exception();
    return;
  }
  try {
    if (on_commit_) on_commit_(batch.results);
  } catch (...) {
    // Waking the engine is best effort: it polls the store anyway.
  }
}

}  // namespace erpbridge::service
