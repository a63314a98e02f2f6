#include "store/store_lock.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "unit/test_support.hpp"

namespace erpbridge::store {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

TEST(StoreLockTest, ASecondHolderIsRefusedWithTheStoreAndTheFirstHoldersPid) {
  TempDir dir;
  const auto store = dir.path() / "erpbridge.db";
  const StoreLock first = StoreLock::acquire(store, "erpbridge serve", 0ms);
  try {
    StoreLock::acquire(store, "erpbridge send", 0ms);
    FAIL() << "a second lock on one store was granted";
  } catch (const StoreLockError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(store.string()), std::string::npos) << message;
    EXPECT_NE(message.find("pid " + std::to_string(getpid()) + " (erpbridge serve)"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("PostgreSQL"), std::string::npos) << message;
  }
}

TEST(StoreLockTest, ReleasingTheLockLetsTheNextHolderTakeIt) {
  TempDir dir;
  const auto store = dir.path() / "erpbridge.db";
  { const StoreLock first = StoreLock::acquire(store, "erpbridge serve", 0ms); }
  EXPECT_NO_THROW(StoreLock::acquire(store, "erpbridge serve", 0ms));
}

TEST(StoreLockTest, AWaitingHolderGetsTheLockOnceItIsReleased) {
  TempDir dir;
  const auto store = dir.path() / "erpbridge.db";
  auto first = std::make_unique<StoreLock>(StoreLock::acquire(store, "old host", 0ms));
  std::thread releaser([&] {
    std::this_thread::sleep_for(200ms);
    first.reset();
  });
  EXPECT_NO_THROW(StoreLock::acquire(store, "new host", 10s));
  releaser.join();
}

TEST(StoreLockTest, AWaitThatRunsOutIsRefused) {
  TempDir dir;
  const auto store = dir.path() / "erpbridge.db";
  const StoreLock first = StoreLock::acquire(store, "old host", 0ms);
  EXPECT_THROW(StoreLock::acquire(store, "new host", 100ms), StoreLockError);
}

TEST(StoreLockTest, AnUnusableLockFileIsAClearError) {
  TempDir dir;
  const auto store = dir.path() / "no-such-folder" / "erpbridge.db";
  try {
    StoreLock::acquire(store, "erpbridge serve", 0ms);
    FAIL() << "a lock in a missing folder was granted";
  } catch (const StoreLockError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open the lock file"), std::string::npos);
  }
}

}  // namespace
}  // namespace erpbridge::store
