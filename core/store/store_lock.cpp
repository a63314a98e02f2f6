#include "store/store_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace erpbridge::store {

namespace {

// How often a waiting start tries again: short against a drain of seconds, long enough not to
// spin.
constexpr std::chrono::milliseconds kRetryEvery{25};

std::string read_holder(int fd) {
  char buffer[256];
  const ssize_t n = pread(fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0) return "";
  std::string text(buffer, static_cast<std::size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text;
}

// "pid 123 (erpbridge serve)": what the holder wrote when it took the lock.
void write_holder(int fd, const std::string& holder) {
  const std::string text = "pid " + std::to_string(getpid()) + " (" + holder + ")\n";
  if (ftruncate(fd, 0) != 0) return;  // informative only: the flock is what counts
  if (pwrite(fd, text.data(), text.size(), 0) < 0) return;
}

std::string refusal(const std::filesystem::path& store_file, int fd) {
  std::string holder = read_holder(fd);
  if (holder.empty()) holder = "another process (it has not written its pid yet)";
  return "the SQLite store " + store_file.string() + " is in use by " + holder +
         "; a SQLite store serves one host at a time. Stop that process, or set "
         "store.lock_wait_ms to wait for it during a restart; several hosts on one store need "
         "the PostgreSQL store";
}

}  // namespace

std::filesystem::path StoreLock::lock_file_for(const std::filesystem::path& store_file) {
  std::filesystem::path lock = store_file;
  lock += ".lock";
  return lock;
}

StoreLock StoreLock::acquire(const std::filesystem::path& store_file, const std::string& holder,
                             std::chrono::milliseconds wait) {
  const auto lock_file = lock_file_for(store_file);
  if (lock_file.has_parent_path()) {
    std::error_code ignored;  // a folder that cannot be made shows as the open's error below
    std::filesystem::create_directories(lock_file.parent_path(), ignored);
  }
  // O_CLOEXEC: a child the host starts must not inherit (and so prolong) the lock.
  const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw StoreLockError("cannot open the lock file " + lock_file.string() + " of the store " +
                         store_file.string() + ": " + std::strerror(errno));
  }
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) break;
    const int error = errno;
    if (error == EINTR) continue;
    if (error != EWOULDBLOCK) {
      ::close(fd);
      throw StoreLockError("cannot lock " + lock_file.string() + ": " + std::strerror(error));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::string message = refusal(store_file, fd);
      ::close(fd);
      throw StoreHeldError(message);
    }
    std::this_thread::sleep_for(kRetryEvery);
  }
  write_holder(fd, holder);
  return StoreLock(fd);
}

StoreLock::StoreLock(StoreLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

StoreLock& StoreLock::operator=(StoreLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

StoreLock::~StoreLock() {
  // Closing the only descriptor of the open file releases the flock.
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace erpbridge::store
