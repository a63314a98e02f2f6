// Group commit of accepted events (GroupCommit over EventIntake::accept): concurrent callers share
// one transaction and one WAL sync, and an uncontended caller commits on its own thread. Each
// caller returns only after the transaction holding its event committed: nothing is
// acknowledged before it is durable.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "service/group_commit.hpp"
#include "store/roles.hpp"

namespace erpbridge::service {

class BatchingAcceptor {
 public:
  // Called after each commit, on the committing caller's thread, with the batch's results
  // (to wake the delivery engine). Must not throw.
  using OnCommit = std::function<void(const std::vector<store::AcceptResult>&)>;

  BatchingAcceptor(store::EventIntake& intake, std::size_t max_batch, OnCommit on_commit);

  // Blocks until the event is committed. Throws what the store threw (the whole batch
  // failed, nothing of it is stored), or std::runtime_error once stopped. Thread-safe.
  store::AcceptResult accept(store::NewEvent event) { return group_.submit(std::move(event)); }

  // Refuses new events and waits until every event already queued is committed (or failed)
  // and its caller has its answer. Idempotent.
  void stop() { group_.stop(); }

 private:
  std::vector<store::AcceptResult> commit(const std::vector<store::NewEvent>& batch);

  store::EventIntake& intake_;
  OnCommit on_commit_;
  GroupCommit<store::NewEvent, store::AcceptResult> group_;
};

}  // namespace erpbridge::service
