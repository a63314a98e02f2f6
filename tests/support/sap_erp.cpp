#include "support/sap_erp.hpp"

#include <vector>

#include "support/peer_control.hpp"

namespace erpbridge::testing {

SapErp::SapErp(const std::string& peer_script)
    : process_(std::vector<std::string>{"/usr/bin/python3", peer_script, "--port", "0"}),
      port_(std::stoi(process_.wait_for_line("LISTENING "))) {}

std::size_t SapErp::orders() const {
  return call_peer_control(port_, "GET", "/_control/state").body.at("orders").as_object().size();
}

}  // namespace erpbridge::testing
