// A loopback TCP proxy in front of Tryton that can lose a reply: it forwards each request,
// waits for Tryton's whole answer (so Tryton has done the work), and then, for a request whose
// body contains a chosen text, closes the client's connection without passing the answer on.
// That is a reply lost on the way back: the caller sees the request sent and no response.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

namespace erpbridge::testing {

class DroppingProxy {
 public:
  explicit DroppingProxy(int target_port);
  ~DroppingProxy();
  DroppingProxy(const DroppingProxy&) = delete;
  DroppingProxy& operator=(const DroppingProxy&) = delete;

  int port() const { return port_; }
  // Loses the reply to the next request whose body contains `text` (once).
  void drop_reply_to(const std::string& text);
  int dropped() const { return dropped_; }

 private:
  void serve();
  void relay(int client);

  int target_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> dropped_{0};
  std::mutex mutex_;
  std::string drop_text_;
  std::thread thread_;
};

}  // namespace erpbridge::testing
