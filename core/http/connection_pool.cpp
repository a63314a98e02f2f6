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
  for (;;) {
    std::unique_ptr<Connection> candidate;
    std::vector<Idle> expired;  // closed outside the lock: closing a TLS socket writes to it
    {
      const std::lock_guard lock(mutex_);
      const auto now = Clock::now();
      const auto live = std::stable_partition(idle_.begin(), idle_.end(),
                                              [&](const Idle& idle) { return now < idle.expires; });
      std::move(live, idle_.end(), std::back_inserter(expired));
      idle_.erase(live, idle_.end());
      if (idle_.empty()) break;
      candidate = std::move(idle_.back().connection);
      idle_.pop_back();
    }
    // A server that closed the connection while it idled has already said so: dropping it now
    // is free, finding out after writing a request is not (the request may be in doubt).
    if (!candidate->closed_by_peer()) return Lease{std::move(candidate), true};
  }
  return acquire_new();
}

ConnectionPool::Lease ConnectionPool::acquire_new() {
  return Lease{make_connection_(), false};
}

void ConnectionPool::release(std::unique_ptr<Connection> connection,
                             std::optional<Clock::duration> server_idle_limit) {
  const Clock::duration limit =
      std::min(max_idle_time_, server_idle_limit.value_or(max_idle_time_));
  {
    const std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_ && limit > Clock::duration::zero()) {
      idle_.push_back(Idle{std::move(connection), Clock::now() + limit});
      return;
    }
  }
  connection.reset();  // over the idle limit, or not to be reused at all: closed, outside the lock
}

std::size_t ConnectionPool::idle_count() const {
  const std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace erpbridge::http
