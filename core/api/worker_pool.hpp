// A fixed set of threads running request handlers, which may block (an ERP call on the inline
// facade path, a commit). The I/O threads hand requests over with try_submit and never wait:
// when the queue is full the caller answers 503 instead of piling up work.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace erpbridge::api {

class WorkerPool {
 public:
  // `threads` workers; at most `max_queued` tasks wait for one.
  WorkerPool(std::size_t threads, std::size_t max_queued);
  ~WorkerPool();  // stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false (and `task` untouched) when the queue is full or the pool stopped.
  bool try_submit(std::function<void()>& task);

  // Tasks queued or running.
  std::size_t busy() const;

  // Waits for the running tasks, drops the queued ones, joins the threads.
  void stop();

 private:
  void run();

  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace erpbridge::api
