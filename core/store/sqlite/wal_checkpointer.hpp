// Checkpoints a store's WAL on a thread and connection of its own. SQLite's automatic
// checkpoint runs inside whichever commit crosses the threshold: it copies thousands of pages
// into the database file while that connection, and with it every caller queued for the
// store's one writer connection, waits (the facade's p99 under load, docs/benchmarks.md).
// Here a passive checkpoint runs every `interval` beside the writers instead; the writer
// connection's automatic checkpoint is switched off (SqliteStore).
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "store/sqlite/sqlite_db.hpp"

namespace erpbridge::store {

class WalCheckpointer {
 public:
  WalCheckpointer(const std::filesystem::path& file, std::chrono::milliseconds interval);
  ~WalCheckpointer();  // one last checkpoint, then the thread ends
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Runs one passive checkpoint now, on the caller's thread. True when every frame in the WAL
  // is now in the database file (a reader's open snapshot or a busy store can hold some back).
  bool checkpoint_now();

 private:
  void run();

  SqliteDb db_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;  // db_, and stopping_
  std::condition_variable stop_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace erpbridge::store
