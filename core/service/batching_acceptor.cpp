#include "service/batching_acceptor.hpp"

#include <stdexcept>

#include "common/log.hpp"

namespace erpbridge::service {

// One transaction's worth of events and its callers' shared fate. Callers wait on the
// batch's own condition variable, so a commit wakes only the callers it concerns (and the
// next batch's, one of whom commits it).
struct BatchingAcceptor::Batch {
  std::vector<store::NewEvent> events;
  std::vector<store::AcceptResult> results;
  std::exception_ptr error;
  bool done = false;
  std::condition_variable turn;  // done, or this batch may be committed now
};

BatchingAcceptor::BatchingAcceptor(store::Outbox& outbox, std::size_t max_batch, OnCommit on_commit)
    : outbox_(outbox),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      on_commit_(std::move(on_commit)) {}

BatchingAcceptor::~BatchingAcceptor() {
  stop();
}

store::AcceptResult BatchingAcceptor::accept(store::NewEvent event) {
  std::unique_lock lock(mutex_);
  if (stopping_) throw std::runtime_error("the event store is shutting down");
  ++callers_;
  if (pending_.empty() || pending_.back()->events.size() >= max_batch_)
    pending_.push_back(std::make_shared<Batch>());
  std::shared_ptr<Batch> batch = pending_.back();
  const std::size_t index = batch->events.size();
  batch->events.push_back(std::move(event));

  while (!batch->done) {
    if (!committing_ && pending_.front() == batch) {
      committing_ = true;
      pending_.pop_front();  // callers arriving now start the next batch
      lock.unlock();
      commit(*batch);
      lock.lock();
      committing_ = false;
      batch->done = true;
      batch->turn.notify_all();
      if (!pending_.empty()) pending_.front()->turn.notify_all();  // its callers' turn
      break;
    }
    batch->turn.wait(lock);
  }
  --callers_;
  if (callers_ == 0) idle_.notify_all();
  if (batch->error) std::rethrow_exception(batch->error);
  return batch->results[index];
}

void BatchingAcceptor::stop() {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  idle_.wait(lock, [&] { return callers_ == 0; });
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
