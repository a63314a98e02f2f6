// A scripted stand-in for trytond behind the SDK's fake host, for tests without a server:
// it answers each JSON-RPC method through a handler and records what it was sent.
#pragma once

#include <erpbridge/connector.hpp>
#include <erpbridge/fake_host.hpp>

#include <boost/json.hpp>

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "rpc_envelope.hpp"

namespace erpbridge::tryton::testing {

struct FakeReply {
  int status = 200;
  boost::json::value result;           // sent as {"id", "result"} when status is 200
  boost::json::value error = nullptr;  // sent as {"id", "error"} instead, when not null
  std::string raw_body;                // sent as is, when not empty
  erpb_transport_status transport = ERPB_TRANSPORT_OK;
};

class FakeTryton {
 public:
  using Handler =
      std::function<FakeReply(const std::string& method, const boost::json::array& params,
                              const std::string& authorization)>;

  explicit FakeTryton(Handler handler) : handler_(std::move(handler)) {
    host_.answer_with([this](const sdk::HttpRequest& request) { return answer(request); });
  }

  // The handle the adapter is built with: the SDK's fake host, answering as Tryton would.
  sdk::Host host() { return host_.host(); }
  const sdk::testing::FakeHost& fake_host() const { return host_; }

  std::vector<boost::json::object> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::vector<std::string> methods() const {
    std::vector<std::string> out;
    for (const auto& r : requests()) out.emplace_back(r.at("method").as_string());
    return out;
  }
  int count(const std::string& method) const {
    int n = 0;
    for (const auto& m : methods()) n += m == method;
    return n;
  }

 private:
  sdk::HttpResponse answer(const sdk::HttpRequest& request) {
    auto body = boost::json::parse(request.body).as_object();
    std::string authorization;
    for (const auto& [k, v] : request.headers)
      if (k == "Authorization") authorization = v;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(body);
    }
    const FakeReply reply = handler_(std::string(body.at("method").as_string()),
                                     body.at("params").as_array(), authorization);
    sdk::HttpResponse response;
    response.transport = reply.transport;
    if (reply.transport != ERPB_TRANSPORT_OK) {
      response.error = "simulated transport failure";
      return response;
    }
    response.status = reply.status;
    if (!reply.raw_body.empty()) {
      response.body = reply.raw_body;
    } else if (reply.status == 200) {
      boost::json::object envelope{{"id", body.at("id")}};
      if (!reply.error.is_null())
        envelope["error"] = reply.error;
      else
        envelope["result"] = reply.result;
      response.body = boost::json::serialize(envelope);
    }
    return response;
  }

  Handler handler_;
  sdk::testing::FakeHost host_;
  mutable std::mutex mutex_;
  std::vector<boost::json::object> requests_;
};

inline FakeReply result(boost::json::value v) {
  FakeReply r;
  r.result = std::move(v);
  return r;
}
inline FakeReply status(int code, std::string body = "") {
  FakeReply r;
  r.status = code;
  r.raw_body = std::move(body);
  return r;
}
inline FakeReply rpc_error(boost::json::value error) {
  FakeReply r;
  r.error = std::move(error);
  return r;
}

}  // namespace erpbridge::tryton::testing
