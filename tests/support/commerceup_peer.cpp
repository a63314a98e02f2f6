#include "support/commerceup_peer.hpp"

#include <boost/json.hpp>

#include <stdexcept>

#include "support/peer_control.hpp"

namespace erpbridge::testing {

CommerceupPeer::CommerceupPeer(std::map<std::string, std::string> projects)
    : projects_(std::move(projects)) {
  launch(0);
}

void CommerceupPeer::launch(int port) {
  std::vector<std::string> argv = {
      "/usr/bin/python3", std::string(ERPBRIDGE_PEERS_DIR) + "/commerceup/commerceup_peer.py",
      "--port", std::to_string(port)};
  for (const auto& [hash, key] : projects_)
    argv.insert(argv.end(), {"--project", hash + "=" + key});
  process_ = std::make_unique<ChildProcess>(argv);
  port_ = std::stoi(process_->wait_for_line("LISTENING "));
}

void CommerceupPeer::stop() {
  process_.reset();
}

void CommerceupPeer::start() {
  if (!process_) launch(port_);
}

boost::json::value CommerceupPeer::control(const std::string& method, const std::string& path,
                                           const std::string& body) const {
  ControlReply reply = call_peer_control(port_, method, path, body);
  if (reply.status != 200)
    throw std::runtime_error("commerceup peer " + path + ": status " +
                             std::to_string(reply.status) + " " +
                             boost::json::serialize(reply.body));
  return std::move(reply.body);
}

boost::json::value CommerceupPeer::received() const {
  return control("GET", "/_control/received");
}
boost::json::value CommerceupPeer::state() const {
  return control("GET", "/_control/state");
}
void CommerceupPeer::fail(int count, int status) const {
  control("POST", "/_control/fail",
          boost::json::serialize(boost::json::object{{"count", count}, {"status", status}}));
}
void CommerceupPeer::fail_by_closing(int count, const std::string& mode) const {
  control("POST", "/_control/fail",
          boost::json::serialize(boost::json::object{{"count", count}, {"mode", mode}}));
}
void CommerceupPeer::reset() const {
  control("POST", "/_control/reset", "{}");
}

std::vector<boost::json::object> CommerceupPeer::requests_to(const std::string& endpoint) const {
  std::vector<boost::json::object> out;
  const auto log = received();  // named: a range-for would not keep the temporary alive
  for (const auto& r : log.at("requests").as_array())
    if (const auto* e = r.as_object().if_contains("endpoint");
        e && e->is_string() && e->as_string() == endpoint)
      out.push_back(r.as_object());
  return out;
}

}  // namespace erpbridge::testing
