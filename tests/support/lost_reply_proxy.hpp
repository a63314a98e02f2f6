// A loopback HTTP proxy in front of a test ERP that can lose a reply the way a kept-alive
// connection loses one: it forwards each request to the ERP (a fresh upstream connection per
// request), waits for the ERP's whole answer, so the ERP has applied the request, and then, for
// the chosen request, closes the client's connection without a byte of the answer.
//
// Toward the client it keeps connections alive whatever the ERP does (as a reverse proxy in
// front of an ERP does), re-framing each answer with Content-Length and `Connection:
// keep-alive`. So an ERP that closes after every reply (Tryton) still yields reused client
// connections, and the lost reply can be made to fall on one. Upstream replies must carry a
// Content-Length or end with the connection; chunked replies are not supported.
#pragma once

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace erpbridge::testing {

class LostReplyProxy {
 public:
  explicit LostReplyProxy(int erp_port);
  ~LostReplyProxy();
  LostReplyProxy(const LostReplyProxy&) = delete;
  LostReplyProxy& operator=(const LostReplyProxy&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Loses the reply to the next request whose head or body contains `text` and that arrives on
  // a client connection which already carried a request (once).
  void lose_reply_on_reused_connection(const std::string& text);
  // The same, on any connection, new ones included (a one-request process never reuses one).
  void lose_reply(const std::string& text);

  int replies_lost() const { return lost_; }
  int forwarded() const { return forwarded_; }  // requests the ERP received through the proxy

 private:
  void accept_loop();
  void relay(int client);
  // True when this request is the armed one: it is then disarmed.
  bool take_rule(const std::string& request, bool reused);

  int erp_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> lost_{0};
  std::atomic<int> forwarded_{0};
  std::mutex mutex_;
  std::string rule_text_;
  bool rule_only_reused_ = true;
  std::set<int> clients_;  // open client sockets, shut down on destruction
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

}  // namespace erpbridge::testing
