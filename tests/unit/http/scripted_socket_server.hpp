// A raw TCP server on 127.0.0.1, port 0, for servers that misbehave on purpose: each accepted
// connection runs a script that reads requests and answers, closes, resets or stalls.
#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace erpbridge::http::testkit {

class ScriptedSocketServer {
 public:
  // connection_index counts accepted connections from 0.
  using Script =
      std::function<void(ScriptedSocketServer&, Poco::Net::StreamSocket&, int connection_index)>;

  explicit ScriptedSocketServer(Script script);
  ~ScriptedSocketServer();  // releases stalled scripts, then joins every thread
  ScriptedSocketServer(const ScriptedSocketServer&) = delete;
  ScriptedSocketServer& operator=(const ScriptedSocketServer&) = delete;

  std::string url(const std::string& path = "") const;

  // Reads one request (head and Content-Length body) and counts it; false on end of stream.
  bool read_request(Poco::Net::StreamSocket& socket);
  static void respond(Poco::Net::StreamSocket& socket, std::string_view body);
  // Announces Content-Length `announced` but sends only `body`, then closes.
  static void respond_truncated(Poco::Net::StreamSocket& socket, std::string_view body,
                                std::size_t announced);
  // Closes with a TCP reset (SO_LINGER 0) instead of an orderly FIN.
  static void reset(Poco::Net::StreamSocket& socket);
  // Blocks the script until the server is destroyed: a server that never answers.
  void stall();
  // Lets a test wait until a script reaches a point (e.g. "closed the idle connection").
  void signal();
  bool wait_for_signal(std::chrono::milliseconds timeout);

  int connections() const { return connections_; }
  int requests() const { return requests_; }

 private:
  void accept_loop();

  Script script_;
  Poco::Net::ServerSocket listener_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::mutex mutex_;
  std::condition_variable changed_;
  int signals_ = 0;
  std::vector<std::thread> connection_threads_;
  std::thread acceptor_;
};

}  // namespace erpbridge::http::testkit
