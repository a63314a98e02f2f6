#include "tryton_peer.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace erpbridge::testing {

namespace json = boost::json;

namespace {

std::string base64(const std::string& text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << text;
  encoder.close();
  return out.str();
}

}  // namespace

TrytonPeer::TrytonPeer() {
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"/bin/bash", std::string(ERPBRIDGE_TRYTON_PEER)});
  // "LISTENING <port> <database>"
  std::istringstream line(process_->wait_for_line("LISTENING ", std::chrono::minutes(10)));
  line >> port_ >> database_;
  if (port_ <= 0 || database_.empty()) throw std::runtime_error("bad LISTENING line from peer");
  auto session =
      rpc("common.db.login", json::array{kLogin, json::object{{"password", kPassword}}, "en"});
  const auto& pair = session.as_array();
  authorization_ =
      "Session " + base64(std::string(kLogin) + ":" + std::to_string(pair.at(0).as_int64()) + ":" +
                          std::string(pair.at(1).as_string()));
}

TrytonPeer::~TrytonPeer() = default;

json::value TrytonPeer::rpc(const std::string& method, json::array params) const {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/" + database_ + "/",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  const std::string body =
      json::serialize(json::object{{"id", 1}, {"method", method}, {"params", std::move(params)}});
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  if (!authorization_.empty()) request.set("Authorization", authorization_);
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::ostringstream text;
  Poco::StreamCopier::copyStream(session.receiveResponse(response), text);
  if (response.getStatus() != 200)
    throw std::runtime_error(method + ": HTTP " + std::to_string(response.getStatus()));
  auto reply = json::parse(text.str()).as_object();
  if (reply.contains("error"))
    throw std::runtime_error(method + ": " + json::serialize(reply.at("error")).substr(0, 300));
  return reply.at("result");
}

json::value TrytonPeer::call(const std::string& model, const std::string& method,
                             json::array params) const {
  return call(model, method, std::move(params), json::object{{"company", 1}});
}

json::value TrytonPeer::call(const std::string& model, const std::string& method,
                             json::array params, json::object context) const {
  params.emplace_back(std::move(context));
  return rpc("model." + model + "." + method, std::move(params));
}

std::vector<json::object> TrytonPeer::search_read(const std::string& model, json::array domain,
                                                  json::array fields) const {
  json::array order{json::array{"id", "ASC"}};
  auto rows = call(model, "search_read",
                   json::array{std::move(domain), 0, nullptr, std::move(order), std::move(fields)});
  std::vector<json::object> out;
  for (auto& row : rows.as_array()) out.push_back(row.as_object());
  return out;
}

json::object TrytonPeer::read(const std::string& model, std::int64_t id, json::array fields) const {
  auto rows = call(model, "read", json::array{json::array{id}, std::move(fields)});
  return rows.as_array().at(0).as_object();
}

std::int64_t TrytonPeer::count(const std::string& model, json::array domain) const {
  return call(model, "search_count", json::array{std::move(domain)}).as_int64();
}

std::int64_t as_id(const json::value& v) {
  return v.as_int64();
}
std::int64_t as_id(const std::string& erp_id) {
  return std::stoll(erp_id);
}

bool tryton_tests_skipped() {
  const char* skip = std::getenv("ERPBRIDGE_SKIP_TRYTON");
  return skip && std::string(skip) == "1";
}

}  // namespace erpbridge::testing
