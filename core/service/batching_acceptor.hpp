// Group commit without a writer thread: concurrent callers of accept() queue their events in
// batches; the caller at the head of the queue, when no commit is running, commits its whole
// batch (up to max_batch) with one Outbox::accept, i.e. one transaction and one WAL sync for
// many callers, and then hands the turn to the next batch. An uncontended caller commits its
// own event on its own thread, with no hand-off; under load, events gather while a commit
// runs. Each caller returns only after the transaction holding its event committed: nothing
// is acknowledged before it is durable.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/outbox.hpp"

namespace erpbridge::service {

class BatchingAcceptor {
 public:
  // Called after each commit, on the committing caller's thread, with the batch's results
  // (to wake the delivery engine). Must not throw.
  using OnCommit = std::function<void(const std::vector<store::AcceptResult>&)>;

  BatchingAcceptor(store::Outbox& outbox, std::size_t max_batch, OnCommit on_commit);
  ~BatchingAcceptor();  // stop()
  BatchingAcceptor(const BatchingAcceptor&) = delete;
  BatchingAcceptor& operator=(const BatchingAcceptor&) = delete;

  // Blocks until the event is committed. Throws what the store threw (the whole batch
  // failed, nothing of it is stored), or std::runtime_error once stopped. Thread-safe.
  store::AcceptResult accept(store::NewEvent event);

  // Refuses new events and waits until every event already queued is committed (or failed)
  // and its caller has its answer. Idempotent.
  void stop();

 private:
  struct Batch;

  void commit(Batch& batch);

  store::Outbox& outbox_;
  const std::size_t max_batch_;
  OnCommit on_commit_;
  std::mutex mutex_;
  std::condition_variable idle_;                // stop() waits for callers_ to reach 0
  std::deque<std::shared_ptr<Batch>> pending_;  // not committed yet; the back one may fill
  bool committing_ = false;                     // a caller is committing a batch now
  std::size_t callers_ = 0;                     // inside accept()
  bool stopping_ = false;
};

}  // namespace erpbridge::service
