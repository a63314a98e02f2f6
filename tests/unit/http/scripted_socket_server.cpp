#include "scripted_socket_server.hpp"

#include <Poco/Exception.h>
#include <Poco/String.h>

#include <cstdlib>
#include <sstream>

namespace erpbridge::http::testkit {
namespace {

std::size_t content_length(const std::string& head) {
  std::istringstream lines(head);
  std::string line;
  while (std::getline(lines, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    if (Poco::icompare(line.substr(0, colon), std::string("content-length")) == 0) {
      return std::strtoul(line.c_str() + colon + 1, nullptr, 10);
    }
  }
  return 0;
}

}  // namespace

ScriptedSocketServer::ScriptedSocketServer(Script script)
    : script_(std::move(script)), listener_(Poco::Net::SocketAddress("127.0.0.1", 0), 64) {
  acceptor_ = std::thread([this] { accept_loop(); });
}

ScriptedSocketServer::~ScriptedSocketServer() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  acceptor_.join();
  for (auto& thread : connection_threads_) thread.join();
}

std::string ScriptedSocketServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(listener_.address().port()) + path;
}

void ScriptedSocketServer::accept_loop() {
  const Poco::Timespan tick(0, 50 * 1000);
  while (!stopping_) {
    if (!listener_.poll(tick, Poco::Net::Socket::SELECT_READ)) continue;
    Poco::Net::StreamSocket socket = listener_.acceptConnection();
    socket.setReceiveTimeout(Poco::Timespan(10, 0));  // a stuck test fails instead of hanging
    const int index = connections_++;
    connection_threads_.emplace_back([this, socket, index]() mutable {
      try {
        script_(*this, socket, index);
      } catch (const Poco::Exception&) {
        // The client went away mid-script; the test's assertions say whether that was expected.
      }
    });
  }
}

bool ScriptedSocketServer::read_request(Poco::Net::StreamSocket& socket) {
  std::string received;
  char buffer[4096];
  std::size_t head_end;
  while ((head_end = received.find("\r\n\r\n")) == std::string::npos) {
    const int got = socket.receiveBytes(buffer, sizeof buffer);
    if (got <= 0) return false;
    received.append(buffer, static_cast<std::size_t>(got));
  }
  const std::size_t total = head_end + 4 + content_length(received.substr(0, head_end));
  while (received.size() < total) {
    const int got = socket.receiveBytes(buffer, sizeof buffer);
    if (got <= 0) return false;
    received.append(buffer, static_cast<std::size_t>(got));
  }
  ++requests_;
  return true;
}

void ScriptedSocketServer::respond(Poco::Net::StreamSocket& socket, std::string_view body) {
  const std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                            "\r\nConnection: keep-alive\r\n\r\n" + std::string(body);
  socket.sendBytes(reply.data(), static_cast<int>(reply.size()));
}

void ScriptedSocketServer::respond_truncated(Poco::Net::StreamSocket& socket, std::string_view body,
                                             std::size_t announced) {
  const std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(announced) +
                            "\r\n\r\n" + std::string(body);
  socket.sendBytes(reply.data(), static_cast<int>(reply.size()));
  socket.shutdownSend();
}

void ScriptedSocketServer::reset(Poco::Net::StreamSocket& socket) {
  socket.setLinger(true, 0);
  socket.close();
}

void ScriptedSocketServer::stall() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return stopping_.load(); });
}

void ScriptedSocketServer::signal() {
  {
    const std::lock_guard lock(mutex_);
    ++signals_;
  }
  changed_.notify_all();
}

bool ScriptedSocketServer::wait_for_signal(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const bool signalled = changed_.wait_for(lock, timeout, [this] { return signals_ > 0; });
  if (signalled) --signals_;
  return signalled;
}

}  // namespace erpbridge::http::testkit
