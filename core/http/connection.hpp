// One keep-alive connection to an endpoint: a Poco client session that can be opened on purpose,
// so that a connect or TLS failure is told apart from a failure after the request was written.
// Internal to erpbridge_http.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>

#include <chrono>
#include <memory>
#include <optional>

#include "http/origin.hpp"

namespace erpbridge::http {

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Poco::Net::HTTPClientSession& session() = 0;
  // Connects (and completes the TLS handshake) now; throws Poco::Exception on failure.
  virtual void open() = 0;
  // Read and write timeout, for the open socket and any later reconnect.
  void set_io_timeout(std::chrono::milliseconds timeout);
  // For an idle connection: the socket is readable, which between requests means the server
  // closed it (end of stream, reset) or sent something unasked. Either way it must not be reused.
  bool closed_by_peer();

 protected:
  explicit Connection(std::chrono::milliseconds connect_timeout)
      : connect_timeout_(connect_timeout) {}

 private:
  std::chrono::milliseconds connect_timeout_;
  std::optional<std::chrono::milliseconds> io_timeout_;  // as last set
};

struct ConnectionSettings {
  Origin origin;
  Poco::Net::Context::Ptr tls;  // null for http
  std::chrono::milliseconds connect_timeout;
};

// A new, not yet opened connection.
std::unique_ptr<Connection> make_connection(const ConnectionSettings& settings);

}  // namespace erpbridge::http
