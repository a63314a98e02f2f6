// The test ERP of tests/peers/sample_erp, started as a real process on a free loopback port,
// and a small client for its control API.
#pragma once

#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace erpbridge::testing {

struct SampleErpOptions {
  std::string auth = "headers";  // headers | basic | bearer | none
  std::string username = "erpbridge";
  std::string password = "erp-secret";
  std::string token;
  int port = 0;           // 0: a free port
  std::string data_file;  // when set, entities and idempotency replies survive a restart
};

class SampleErp {
 public:
  // auth: headers | basic | bearer | none
  explicit SampleErp(const std::string& auth = "headers", const std::string& username = "erpbridge",
                     const std::string& password = "erp-secret", const std::string& token = "");
  explicit SampleErp(const SampleErpOptions& options);
  int port() const { return port_; }
  // Stops the process: the port refuses connections (an ERP that is down) until start().
  void stop();
  // Starts it again on the same port, with the same options (and data file).
  void start();
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Control API (tests/peers/sample_erp/README.md).
  boost::json::value received() const;  // {"requests": [...]}
  boost::json::value state() const;
  void fail_next(const boost::json::object& plan) const;
  void reset() const;
  // The requests received on `path`, in order.
  std::vector<boost::json::object> requests_to(const std::string& path) const;

 private:
  boost::json::value control(const std::string& method, const std::string& path,
                             const std::string& body = "") const;
  void launch(int port);
  SampleErpOptions options_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

}  // namespace erpbridge::testing
