#include "support/sample_erp.hpp"

#include <boost/json.hpp>

#include "support/peer_control.hpp"

namespace erpbridge::testing {

SampleErp::SampleErp(const std::string& auth, const std::string& username,
                     const std::string& password, const std::string& token)
    : SampleErp(SampleErpOptions{auth, username, password, token, 0, ""}) {}

SampleErp::SampleErp(const SampleErpOptions& options) : options_(options) {
  launch(options.port);
}

void SampleErp::launch(int port) {
  std::vector<std::string> argv = {
      "/usr/bin/python3", std::string(ERPBRIDGE_PEERS_DIR) + "/sample_erp/sample_erp.py",
      "--port",           std::to_string(port),
      "--auth",           options_.auth};
  if (!options_.username.empty()) argv.insert(argv.end(), {"--username", options_.username});
  if (!options_.password.empty()) argv.insert(argv.end(), {"--password", options_.password});
  if (!options_.token.empty()) argv.insert(argv.end(), {"--token", options_.token});
  if (!options_.data_file.empty()) argv.insert(argv.end(), {"--data-file", options_.data_file});
  process_ = std::make_unique<ChildProcess>(argv);
  port_ = std::stoi(process_->wait_for_line("LISTENING "));
}

void SampleErp::stop() {
  process_.reset();
}

void SampleErp::start() {
  if (!process_) launch(port_);
}

boost::json::value SampleErp::control(const std::string& method, const std::string& path,
                                      const std::string& body) const {
  return call_peer_control(port_, method, path, body).body;
}

boost::json::value SampleErp::received() const {
  return control("GET", "/_control/received");
}
boost::json::value SampleErp::state() const {
  return control("GET", "/_control/state");
}
void SampleErp::reset() const {
  control("POST", "/_control/reset", "{}");
}
void SampleErp::fail_next(const boost::json::object& plan) const {
  control("POST", "/_control/fail", boost::json::serialize(plan));
}

std::vector<boost::json::object> SampleErp::requests_to(const std::string& path) const {
  std::vector<boost::json::object> out;
  const auto log = received();  // named: a range-for would not keep the temporary alive
  for (const auto& r : log.at("requests").as_array())
    if (r.at("path").as_string() == path) out.push_back(r.as_object());
  return out;
}

}  // namespace erpbridge::testing
