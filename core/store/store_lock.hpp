// The embedded SQLite store has one serving host (DESIGN.md principle 7: several hosts are the
// PostgreSQL store's job). `erpbridge serve`, and the CLI commands that deliver beside it, hold
// an exclusive flock(2) on a lock file beside the database for as long as the process runs.
// The kernel drops the lock when the process dies however it dies, so a SIGKILLed host never
// leaves a stale lock behind, and its successor recovers the in-flight rows at once.
#pragma once

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace erpbridge::store {

// The store is held by another live process (or the lock file cannot be used). The message
// names the store, the holder and what to do instead.
class StoreLockError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The lock is held by another live process: the one case where "use that process instead" is
// the right advice (a lock file that cannot be opened is a plain StoreLockError).
class StoreHeldError : public StoreLockError {
 public:
  using StoreLockError::StoreLockError;
};

class StoreLock {
 public:
  // Takes the lock on `store_file` (the file `<store_file>.lock`), retrying until `wait` has
  // passed (0: one try). `holder` ("erpbridge serve", ...) is written into the lock file with
  // the pid, so a refused process can say who holds it. The store's folder is created if it is
  // missing, as opening the store would. Throws StoreHeldError when another process holds the
  // lock, StoreLockError when the lock file cannot be used.
  static StoreLock acquire(const std::filesystem::path& store_file, const std::string& holder,
                           std::chrono::milliseconds wait);

  StoreLock(StoreLock&& other) noexcept;
  StoreLock& operator=(StoreLock&& other) noexcept;
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;
  ~StoreLock();  // releases the lock (the file stays; its content is only informative)

  static std::filesystem::path lock_file_for(const std::filesystem::path& store_file);

 private:
  explicit StoreLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace erpbridge::store
