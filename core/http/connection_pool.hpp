// Idle keep-alive connections of one endpoint, shared by all threads. Internal to erpbridge_http.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "http/connection.hpp"

namespace erpbridge::http {

class ConnectionPool {
 public:
  using Clock = std::chrono::steady_clock;
  using Factory = std::function<std::unique_ptr<Connection>()>;

  struct Lease {
    std::unique_ptr<Connection> connection;
    bool reused = false;  // came from the pool, so the server may have closed it meanwhile
  };

  // Keeps at most max_idle connections; one idle longer than max_idle_time is dropped rather
  // than reused, as the server will likely have closed it.
  ConnectionPool(Factory make_connection, std::size_t max_idle, Clock::duration max_idle_time);

  // The most recently returned idle connection (least likely to be stale) that is still within
  // its idle limit and not already closed by the server, else a new one. Never blocks on other
  // callers: under load, more connections than max_idle are opened.
  Lease acquire();
  // A new connection, for the one repeat after a reused connection the server had closed.
  Lease acquire_new();
  // Returns a connection that finished a request cleanly and may be reused; `server_idle_limit`
  // (from the server's Keep-Alive header) shortens the pool's own limit for this connection.
  void release(std::unique_ptr<Connection> connection,
               std::optional<Clock::duration> server_idle_limit = std::nullopt);

  std::size_t idle_count() const;

 private:
  struct Idle {
    std::unique_ptr<Connection> connection;
    Clock::time_point expires;  // not reused at or after this point
  };

  Factory make_connection_;
  std::size_t max_idle_;
  Clock::duration max_idle_time_;
  mutable std::mutex mutex_;
  std::vector<Idle> idle_;  // oldest first
};

}  // namespace erpbridge::http
