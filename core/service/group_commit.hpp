// Group commit without a writer thread, for any store write that can take many items in one
// transaction: concurrent callers of submit() queue their items in batches; the caller at the
// head of the queue, when no commit is running, commits its whole batch (up to max_batch)
// with one call of `commit`, and then hands the turn to the next batch. An uncontended caller
// commits its own item on its own thread, with no hand-off; under load, items gather while a
// commit runs, so many callers share one transaction. Each caller returns only after the
// commit holding its item returned.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace erpbridge::service {

template <class Item, class Result>
class GroupCommit {
 public:
  // Stores a batch in one transaction, one result per item in order; throws to fail them all.
  using Commit = std::function<std::vector<Result>(const std::vector<Item>&)>;

  GroupCommit(std::size_t max_batch, Commit commit)
      : max_batch_(max_batch == 0 ? 1 : max_batch), commit_(std::move(commit)) {}
  ~GroupCommit() { stop(); }
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Blocks until the item is committed. Throws what `commit` threw for its batch, or
  // std::runtime_error once stopped. Thread-safe.
  Result submit(Item item) {
    std::unique_lock lock(mutex_);
    if (stopping_) throw std::runtime_error("the event store is shutting down");
    ++callers_;
    if (pending_.empty() || pending_.back()->items.size() >= max_batch_)
      pending_.push_back(std::make_shared<Batch>());
    std::shared_ptr<Batch> batch = pending_.back();
    const std::size_t index = batch->items.size();
    batch->items.push_back(std::move(item));

    while (!batch->done) {
      if (!committing_ && pending_.front() == batch) {
        committing_ = true;
        pending_.pop_front();  // callers arriving now start the next batch
        lock.unlock();
        run(*batch);
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

  // Refuses new items and waits until every item already queued is committed (or failed) and
  // its caller has its answer. Idempotent.
  void stop() {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    idle_.wait(lock, [&] { return callers_ == 0; });
  }

 private:
  // One transaction's worth of items and its callers' shared fate. Callers wait on the
  // batch's own condition variable, so a commit wakes only the callers it concerns (and the
  // next batch's, one of whom commits it).
  struct Batch {
    std::vector<Item> items;
    std::vector<Result> results;
    std::exception_ptr error;
    bool done = false;
    std::condition_variable turn;  // done, or this batch may be committed now
  };

  void run(Batch& batch) {
    try {
      batch.results = commit_(batch.items);
      if (batch.results.size() != batch.items.size())
        throw std::logic_error("group commit: one result per item expected");
    } catch (...) {
      batch.error = std::current_exception();
    }
  }

  const std::size_t max_batch_;
  Commit commit_;
  std::mutex mutex_;
  std::condition_variable idle_;                // stop() waits for callers_ to reach 0
  std::deque<std::shared_ptr<Batch>> pending_;  // not committed yet; the back one may fill
  bool committing_ = false;                     // a caller is committing a batch now
  std::size_t callers_ = 0;                     // inside submit()
  bool stopping_ = false;
};

}  // namespace erpbridge::service
