#include "support/commerceup_peer.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <boost/json.hpp>

#include <sstream>
#include <stdexcept>

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
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::ostringstream text;
  Poco::StreamCopier::copyStream(session.receiveResponse(response), text);
  if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK)
    throw std::runtime_error("commerceup peer " + path + ": " + text.str());
  return boost::json::parse(text.str());
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
