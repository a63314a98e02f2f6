// One JSON call to a test peer's control API on loopback (/_control/...), shared by the C++
// wrappers of the Python peers in tests/peers.
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace erpbridge::testing {

struct ControlReply {
  int status = 0;
  boost::json::value body;  // null when the reply is not JSON
};

ControlReply call_peer_control(int port, const std::string& method, const std::string& path,
                               const std::string& body = "");

}  // namespace erpbridge::testing
