// Group commit: concurrent callers of accept() queue their events; one writer thread takes
// everything pending (up to max_batch) and stores it with one Outbox::accept, i.e. one
// transaction and one WAL sync for many callers. Each caller returns only after the
// transaction holding its event committed: nothing is acknowledged before it is durable.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/outbox.hpp"

namespace erpbridge::service {

class BatchingAcceptor {
 public:
  // Called on the writer thread after each commit, with the batch's results (to wake the
  // delivery engine). Must not throw.
  using OnCommit = std::function<void(const std::vector<store::AcceptResult>&)>;

  BatchingAcceptor(store::Outbox& outbox, std::size_t max_batch, OnCommit on_commit);
  ~BatchingAcceptor();  // stop()
  BatchingAcceptor(const BatchingAcceptor&) = delete;
  BatchingAcceptor& operator=(const BatchingAcceptor&) = delete;

  // Blocks until the event is committed. Throws what the store threw (the whole batch
  // failed, nothing of it is stored), or std::runtime_error once stopped. Thread-safe.
  store::AcceptResult accept(store::NewEvent event);

  // Commits what is already queued, then ends the writer thread. Idempotent.
  void stop();

 private:
  struct Batch;

  void run();
  void commit(Batch& batch);

  store::Outbox& outbox_;
  const std::size_t max_batch_;
  OnCommit on_commit_;
  std::mutex mutex_;
  std::condition_variable work_;
  std::deque<std::shared_ptr<Batch>> pending_;  // the back one is still filling
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace erpbridge::service
