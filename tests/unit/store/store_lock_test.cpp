#include "store/store_lock.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
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
  } catch (const StoreHeldError& e) {
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
  EXPECT_THROW(StoreLock::acquire(store, "new host", 100ms), StoreHeldError);
}

TEST(StoreLockTest, AStoreInAFolderNotYetMadeGetsTheFolderAndTheLock) {
  TempDir dir;
  const auto store = dir.path() / "no-such-folder" / "erpbridge.db";
  EXPECT_NO_THROW(StoreLock::acquire(store, "erpbridge send", 0ms));
  EXPECT_TRUE(std::filesystem::exists(StoreLock::lock_file_for(store)));
}

TEST(StoreLockTest, AnUnusableLockFileIsAClearErrorNotAHeldStore) {
  TempDir dir;
  const auto store = dir.path() / "erpbridge.db";
  std::filesystem::create_directory(StoreLock::lock_file_for(store));  // cannot be opened O_RDWR
  try {
    StoreLock::acquire(store, "erpbridge serve", 0ms);
    FAIL() << "a lock on a folder was granted";
  } catch (const StoreHeldError& e) {
    FAIL() << "an unusable lock file was reported as held: " << e.what();
  } catch (const StoreLockError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open the lock file"), std::string::npos);
  }
}

}  // namespace
}  // namespace erpbridge::store
