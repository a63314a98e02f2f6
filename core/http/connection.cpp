// Plain and TLS connections behind one interface.
#include "http/connection.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Timespan.h>

#include <utility>

namespace erpbridge::http {
namespace {

Poco::Timespan to_timespan(std::chrono::milliseconds duration) {
  return Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(duration).count());
}

// HTTPClientSession::reconnect() is protected; exposing it is the only way to connect before
// sending, since sendRequest() would otherwise connect and write in one call.
template <class Session>
class SessionConnection final : public Connection {
 public:
  template <class... Args>
  explicit SessionConnection(std::chrono::milliseconds connect_timeout, Args&&... args)
      : Connection(connect_timeout), session_(std::forward<Args>(args)...) {}
  Poco::Net::HTTPClientSession& session() override { return session_; }
  void open() override { session_.open(); }

 private:
  struct OpenableSession final : Session {
    using Session::Session;
    void open() { this->reconnect(); }
  };
  OpenableSession session_;
};

std::unique_ptr<Connection> make_session_connection(const ConnectionSettings& settings) {
  const Origin& origin = settings.origin;
  if (settings.tls) {
    return std::make_unique<SessionConnection<Poco::Net::HTTPSClientSession>>(
        settings.connect_timeout, origin.host, origin.port, settings.tls);
  }
  return std::make_unique<SessionConnection<Poco::Net::HTTPClientSession>>(
      settings.connect_timeout, origin.host, origin.port);
}

}  // namespace

void Connection::set_io_timeout(std::chrono::milliseconds timeout) {
  // Unchanged since the last call: the open socket has it, and Poco applies the session's
  // timeouts to every socket it connects later. Saves two setsockopt calls per request.
  if (io_timeout_ == timeout) return;
  io_timeout_ = timeout;
  Poco::Net::HTTPClientSession& http = session();
  const Poco::Timespan io = to_timespan(timeout);
  http.setTimeout(to_timespan(connect_timeout_), io, io);
  if (http.connected()) {
    http.socket().setReceiveTimeout(io);
    http.socket().setSendTimeout(io);
  }
}

bool Connection::closed_by_peer() {
  Poco::Net::HTTPClientSession& http = session();
  if (!http.connected()) return true;
  try {
    return http.socket().poll(Poco::Timespan(0),
                              Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR);
  } catch (const Poco::Exception&) {
    return true;
  }
}

std::unique_ptr<Connection> make_connection(const ConnectionSettings& settings) {
  std::unique_ptr<Connection> connection = make_session_connection(settings);
  Poco::Net::HTTPClientSession& http = connection->session();
  http.setKeepAlive(true);
  // The pool decides when an idle connection is too old. Poco's own keep-alive expiry would
  // silently reconnect inside sendRequest(), hiding a connect failure in the send phase.
  http.setKeepAliveTimeout(Poco::Timespan(365 * Poco::Timespan::DAYS));
  connection->set_io_timeout(settings.connect_timeout);  // until a request sets its own
  return connection;
}

}  // namespace erpbridge::http
