#include "store/sqlite/wal_checkpointer.hpp"

#include <sqlite3.h>

#include <string>

#include "common/log.hpp"

namespace erpbridge::store {

WalCheckpointer::WalCheckpointer(const std::filesystem::path& file,
                                 std::chrono::milliseconds interval)
    : db_(file), interval_(interval), thread_([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  thread_.join();
}

bool WalCheckpointer::checkpoint_now() {
  std::lock_guard lock(mutex_);
  int wal_frames = 0, checkpointed = 0;
  const int rc = sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                           &wal_frames, &checkpointed);
  // Busy: another process (a CLI command) is checkpointing; the next round catches up.
  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    log_line(LogLevel::warn, std::string("store: WAL checkpoint failed: ") +
                                 sqlite3_errmsg(db_.handle()) +
                                 "; the WAL keeps growing until one succeeds");
  return rc == SQLITE_OK && checkpointed == wal_frames;
}

void WalCheckpointer::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    stop_.wait_for(lock, interval_, [&] { return stopping_; });
    lock.unlock();
    checkpoint_now();
    lock.lock();
  }
}

}  // namespace erpbridge::store
