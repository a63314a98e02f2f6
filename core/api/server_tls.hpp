// HTTPS for `erpbridge serve` (server.tls): the TLS context new connections use, TLS 1.2 or
// later only, and its replacement when a reload re-reads the certificate files. A connection
// keeps the context it was accepted with, so a reload never disturbs one in progress.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <mutex>

#include "config/host_config.hpp"

namespace erpbridge::api {

class ServerTls {
 public:
  // Loads the files. Throws std::runtime_error naming the file that failed (never its content).
  explicit ServerTls(const config::ServerTlsSettings& settings);

  std::shared_ptr<boost::asio::ssl::context> current() const;
  // Loads the files again; on failure keeps the current context and throws as the constructor.
  void reload(const config::ServerTlsSettings& settings);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<boost::asio::ssl::context> context_;
};

}  // namespace erpbridge::api
