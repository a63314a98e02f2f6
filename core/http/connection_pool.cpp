// Lending and taking back keep-alive connections.
#include "http/connection_pool.hpp"

#include <algorithm>
#include <utility>

namespace erpbridge::http {

ConnectionPool::ConnectionPool(Factory make_connection, std::size_t max_idle,
                               Clock::duration max_idle_time)
    : make_connection_(std::move(make_connection)),
      max_idle_(max_idle),
      max_idle_time_(max_idle_time) {}

ConnectionPool::Lease ConnectionPool::acquire() {
  std::vector<Idle> expired;  // closed outside the lock: closing a TLS socket writes to it
  {
    const std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    const auto fresh_enough = std::find_if(idle_.begin(), idle_.end(), [&](const Idle& idle) {
      return now - idle.since <= max_idle_time_;
    });
    std::move(idle_.begin(), fresh_enough, std::back_inserter(expired));
    idle_.erase(idle_.begin(), fresh_enough);
    if (!idle_.empty()) {
      Lease lease{std::move(idle_.back().connection), true};
      idle_.pop_back();
      return lease;
    }
  }
  return acquire_new();
}

ConnectionPool::Lease ConnectionPool::acquire_new() {
  return Lease{make_connection_(), false};
}

void ConnectionPool::release(std::unique_ptr<Connection> connection) {
  {
    const std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(Idle{std::move(connection), Clock::now()});
      return;
    }
  }
  connection.reset();  // over the idle limit: closed, outside the lock
}

std::size_t ConnectionPool::idle_count() const {
  const std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace erpbridge::http
