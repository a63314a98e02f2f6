// Where callers of EventService::wait_for_outcome sleep until the delivery engine finishes
// their event. The engine announces every final outcome (delivered or dead) by key; only the
// waiters of that key wake, re-read the store and go back to sleep if it is not final yet. No
// polling, and no lost wake-up: a waiter registers before it reads the store.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace erpbridge::service {

class OutcomeBoard {
 public:
  // A registration for one key; announcements after it was made are never missed.
  class Ticket {
   public:
    ~Ticket();
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    // Sleeps until the key is announced after the last wait (or registration) or `deadline`
    // passes. False on timeout.
    bool wait_until(std::chrono::steady_clock::time_point deadline);

   private:
    friend class OutcomeBoard;
    Ticket(OutcomeBoard& board, std::string key);
    OutcomeBoard& board_;
    std::string key_;
    std::uint64_t seen_ = 0;
  };

  std::unique_ptr<Ticket> watch(const std::string& key);
  void announce(const std::string& key);
  // Wakes every waiter (shutdown), so none sleeps to its full timeout.
  void announce_all();

 private:
  struct Slot {
    int waiters = 0;
    std::uint64_t version = 0;
    std::condition_variable changed;
  };

  std::mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<Slot>> slots_;
};

}  // namespace erpbridge::service
