// The HTTP server Commerceup calls (`erpbridge serve`): an event-driven server on Boost.Beast
// and Asio. A few I/O threads (server.io_threads) multiplex every connection with its own
// timers (http_connection.hpp); the handlers run on server.threads worker threads behind a
// bounded queue (503 + Retry-After when it is full); at most server.max_connections are open.
// Requests go to request_dispatch. Asio and Beast stay out of this header.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "config/host_config.hpp"
#include "service/event_service.hpp"

namespace erpbridge::api {

class ApiServer {
 public:
  // Binds settings.listen_address (port 0: a free port) and starts serving. Throws when the
  // address cannot be bound.
  ApiServer(service::EventService& service, const config::ServerSettings& settings);
  ~ApiServer();  // stop()
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // "127.0.0.1:8080", with the port actually bound.
  std::string address() const;
  std::uint16_t port() const;

  // Stops accepting connections and returns once every request in progress has been answered
  // (at most `grace`). Idle kept-alive connections are closed.
  void stop(std::chrono::milliseconds grace);

  // The service's reload, one at a time with POST /v1/admin/reload (for SIGHUP).
  service::ReloadReport reload();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace erpbridge::api
