// The SAP-like test ERP of tests/peers/sap_erp, started as a real process on a free loopback
// port, with the one reading of its control API the host-side tests need.
#pragma once

#include <cstddef>
#include <string>

#include "support/child_process.hpp"

namespace erpbridge::testing {

class SapErp {
 public:
  // `peer_script`: the path of tests/peers/sap_erp/sap_erp.py.
  explicit SapErp(const std::string& peer_script);
  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Sales orders the ERP holds (GET /_control/state).
  std::size_t orders() const;

 private:
  ChildProcess process_;
  int port_;
};

}  // namespace erpbridge::testing
