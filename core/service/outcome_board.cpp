#include "service/outcome_board.hpp"

namespace erpbridge::service {

OutcomeBoard::Ticket::Ticket(OutcomeBoard& board, std::string key)
    : board_(board), key_(std::move(key)) {
  std::lock_guard lock(board_.mutex_);
  auto& slot = board_.slots_[key_];
  if (!slot) slot = std::make_unique<Slot>();
  ++slot->waiters;
  seen_ = slot->version;
}

OutcomeBoard::Ticket::~Ticket() {
  std::lock_guard lock(board_.mutex_);
  auto it = board_.slots_.find(key_);
  if (it != board_.slots_.end() && --it->second->waiters == 0) board_.slots_.erase(it);
}

bool OutcomeBoard::Ticket::wait_until(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(board_.mutex_);
  Slot& slot = *board_.slots_.at(key_);
  const bool announced =
      slot.changed.wait_until(lock, deadline, [&] { return slot.version != seen_; });
  seen_ = slot.version;
  return announced;
}

std::unique_ptr<OutcomeBoard::Ticket> OutcomeBoard::watch(const std::string& key) {
  return std::unique_ptr<Ticket>(new Ticket(*this, key));
}

void OutcomeBoard::announce(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = slots_.find(key);
  if (it == slots_.end()) return;  // nobody waits: the common case costs one lookup
  ++it->second->version;
  it->second->changed.notify_all();
}

void OutcomeBoard::announce_all() {
  std::lock_guard lock(mutex_);
  for (auto& [key, slot] : slots_) {
    ++slot->version;
    slot->changed.notify_all();
  }
}

}  // namespace erpbridge::service
