// One client connection of `erpbridge serve`, driven by callbacks on the I/O threads (each
// connection on its own strand, so its callbacks never run at once). It reads a request with
// Beast's parser under the limits, hands it to the handler threads, writes the reply, and keeps
// the connection for the next request. One timer per connection bounds every wait:
//   idle (no byte of a next request yet)    server.keep_alive_timeout_ms, then closed;
//   reading (first byte to end of the body) server.request_timeout_ms, then 408 and closed;
//   writing the reply                        server.request_timeout_ms, then closed.
// Refusals the transport makes itself (malformed HTTP, oversized header or body, a timeout, a
// full queue, too many connections) are answered with the API's JSON error body.
// Over TLS (server.tls) the handshake comes first, bounded by server.request_timeout_ms like a
// request: a client that never finishes it is disconnected then.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "api/api_context.hpp"
#include "api/worker_pool.hpp"

namespace erpbridge::api {

template <class Stream>
class HttpConnection;

// What the hub needs of a connection, whatever stream (plain or TLS) it runs over.
class OpenConnection {
 public:
  virtual ~OpenConnection() = default;
  // Closes the connection if idle, else once its request in progress is answered. Any thread.
  virtual void stop() = 0;
};

struct ConnectionLimits {
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::milliseconds request_timeout{30000};
  std::chrono::milliseconds keep_alive_timeout{15000};
};

// What every connection shares: the handlers and their threads, the limits, and the list of
// open connections (to count them and to close the idle ones on stop).
class ConnectionHub {
 public:
  ConnectionHub(ApiContext& context, WorkerPool& workers, ConnectionLimits limits)
      : context_(context), workers_(workers), limits_(limits) {}

  ApiContext& context() { return context_; }
  WorkerPool& workers() { return workers_; }
  const ConnectionLimits& limits() const { return limits_; }

  std::size_t open_connections() const { return open_.load(std::memory_order_relaxed); }
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  // From now on a connection closes once its request in progress is answered; idle ones
  // close at once.
  void stop();

 private:
  template <class Stream>
  friend class HttpConnection;
  void add(OpenConnection* connection, std::weak_ptr<OpenConnection> handle);
  void remove(OpenConnection* connection);

  ApiContext& context_;
  WorkerPool& workers_;
  const ConnectionLimits limits_;
  std::atomic<std::size_t> open_{0};
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::unordered_map<OpenConnection*, std::weak_ptr<OpenConnection>> connections_;
};

// Takes over an accepted socket (whose executor is a strand). `over_capacity`: the connection
// cap is reached, so the client gets 503 with Retry-After and the connection is closed.
void serve_connection(boost::asio::ip::tcp::socket socket, ConnectionHub& hub, bool over_capacity);
// The same over TLS with `tls` (kept by the connection for its lifetime).
void serve_tls_connection(boost::asio::ip::tcp::socket socket, ConnectionHub& hub,
                          std::shared_ptr<boost::asio::ssl::context> tls, bool over_capacity);

}  // namespace erpbridge::api
