#include "support/sample_erp.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <boost/json.hpp>

#include <sstream>

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
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::ostringstream text;
  Poco::StreamCopier::copyStream(session.receiveResponse(response), text);
  return boost::json::parse(text.str());
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
