// WorkerPool: handlers run on its threads, and a full queue refuses at once instead of
// blocking the I/O thread that submits.
#include "api/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <future>
#include <thread>

namespace erpbridge::api {
namespace {

TEST(WorkerPool, RunsSubmittedTasksOnItsThreads) {
  WorkerPool pool(2, 8);
  std::promise<std::thread::id> ran;
  std::function<void()> task = [&] { ran.set_value(std::this_thread::get_id()); };
  ASSERT_TRUE(pool.try_submit(task));
  EXPECT_NE(ran.get_future().get(), std::this_thread::get_id());
}

TEST(WorkerPool, AFullQueueRefusesWithoutBlockingAndKeepsTheTask) {
  WorkerPool pool(1, 1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  std::function<void()> blocking = [&] {
    started.set_value();
    released.wait();
  };
  ASSERT_TRUE(pool.try_submit(blocking));
  started.get_future().wait();  // the one thread is busy
  std::atomic<int> ran{0};
  std::function<void()> queued = [&] { ++ran; };
  ASSERT_TRUE(pool.try_submit(queued));  // waits in the queue of one
  std::function<void()> refused = [&] { ran += 10; };
  EXPECT_FALSE(pool.try_submit(refused));
  EXPECT_TRUE(static_cast<bool>(refused)) << "a refused task stays with the caller";
  EXPECT_EQ(pool.busy(), 2u);
  release.set_value();
  pool.stop();
  EXPECT_LE(ran.load(), 1);  // the queued task ran or was dropped by stop; never the refused
}

TEST(WorkerPool, StopDropsQueuedTasksAndRefusesNewOnes) {
  WorkerPool pool(1, 4);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  std::function<void()> blocking = [&] {
    started.set_value();
    released.wait();
  };
  ASSERT_TRUE(pool.try_submit(blocking));
  started.get_future().wait();
  std::atomic<bool> queued_ran{false};
  std::function<void()> queued = [&] { queued_ran = true; };
  ASSERT_TRUE(pool.try_submit(queued));
  std::thread stopper([&] { pool.stop(); });
  while (pool.busy() > 1) std::this_thread::yield();  // stop has dropped the queue
  release.set_value();
  stopper.join();
  EXPECT_FALSE(queued_ran.load());
  std::function<void()> late = [] {};
  EXPECT_FALSE(pool.try_submit(late));
}

}  // namespace
}  // namespace erpbridge::api
