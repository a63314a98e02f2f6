#include "dropping_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace erpbridge::testing {

namespace {

bool send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads one HTTP request (headers and a Content-Length body).
bool read_request(int fd, std::string& request) {
  char buf[8192];
  std::size_t body_at = std::string::npos, length = 0;
  for (;;) {
    if (body_at == std::string::npos && (body_at = request.find("\r\n\r\n")) != std::string::npos) {
      body_at += 4;
      std::string head = request.substr(0, body_at);
      for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (auto p = head.find("content-length:"); p != std::string::npos)
        length = std::stoul(head.substr(p + 15));
    }
    if (body_at != std::string::npos && request.size() >= body_at + length) return true;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    request.append(buf, static_cast<std::size_t>(n));
  }
}

// Reads until the server closes (Tryton answers every request with Connection: close).
std::string read_until_close(int fd) {
  std::string out;
  char buf[8192];
  pollfd p{fd, POLLIN, 0};
  while (::poll(&p, 1, 60000) > 0) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

DroppingProxy::DroppingProxy(int target_port) : target_port_(target_port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof addr;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 16) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &size) != 0)
    throw std::runtime_error("proxy: cannot listen");
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

DroppingProxy::~DroppingProxy() {
  stopping_ = true;
  thread_.join();
  ::close(listener_);
}

void DroppingProxy::drop_reply_to(const std::string& text) {
  std::lock_guard lock(mutex_);
  drop_text_ = text;
}

void DroppingProxy::serve() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    relay(client);  // one at a time: the adapter's calls are sequential
    ::close(client);
  }
}

void DroppingProxy::relay(int client) {
  std::string request;
  if (!read_request(client, request)) return;
  const int upstream = connect_to(target_port_);
  if (upstream < 0) return;
  const bool sent = send_all(upstream, request);
  const std::string response = sent ? read_until_close(upstream) : std::string();
  ::close(upstream);
  {
    std::lock_guard lock(mutex_);
    if (!drop_text_.empty() && request.find(drop_text_) != std::string::npos) {
      drop_text_.clear();
      ++dropped_;
      return;  // Tryton did the work; the caller never hears of it
    }
  }
  send_all(client, response);
}

}  // namespace erpbridge::testing
