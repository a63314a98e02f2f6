// The Commerceup open-API test peer of tests/peers/commerceup, started as a real process on a
// free loopback port, and a small client for its control API.
#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/child_process.hpp"

namespace erpbridge::testing {

class CommerceupPeer {
 public:
  // projects: project hash -> the x-api-key it accepts.
  explicit CommerceupPeer(std::map<std::string, std::string> projects = {
                              {"demo-project", "cu-demo-key"}});
  int port() const { return port_; }
  // http://127.0.0.1:<port>, the origin; the API of a project is under /v1/<hash>/.
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string project_url(const std::string& hash) const {
    return base_url() + "/v1/" + hash + "/";
  }
  // Stops the process: the port refuses connections (Commerceup down) until start().
  void stop();
  // Starts it again on the same port with the same projects; state starts empty.
  void start();

  // Control API (tests/peers/commerceup/README.md).
  boost::json::value received() const;  // {"requests": [{project, path, endpoint, status, body}]}
  // {hash: {"inventory": {sku: qty}, "orders": {orderId: [status...]}, "links": {...}}}
  boost::json::value state() const;
  // The next `count` API calls answer `status` and change nothing.
  void fail(int count, int status = 503) const;
  // mode: "drop" (no reply, nothing applied) or "drop_after_processing" (applied, no reply).
  void fail_by_closing(int count, const std::string& mode = "drop") const;
  void reset() const;
  // The calls received on `endpoint` (e.g. "bulkinventory"), in order.
  std::vector<boost::json::object> requests_to(const std::string& endpoint) const;

 private:
  boost::json::value control(const std::string& method, const std::string& path,
                             const std::string& body = "") const;
  void launch(int port);
  std::map<std::string, std::string> projects_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

}  // namespace erpbridge::testing
