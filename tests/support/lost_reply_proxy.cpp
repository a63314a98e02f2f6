#include "support/lost_reply_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace erpbridge::testing {
namespace {

constexpr int kTickMs = 100;
constexpr int kErpReplyTimeoutMs = 120000;  // Tryton's first request can take a while

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// One recv, waiting in ticks so that a stopping proxy is noticed; 0 on end, timeout or error.
ssize_t receive(int fd, char* buffer, std::size_t size, const std::atomic<bool>& stopping,
                int timeout_ms) {
  for (int waited = 0; !stopping && waited < timeout_ms; waited += kTickMs) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, kTickMs);
    if (ready < 0) return 0;
    if (ready == 0) continue;
    const ssize_t n = ::recv(fd, buffer, size, 0);
    return n < 0 ? 0 : n;
  }
  return 0;
}

std::optional<std::size_t> content_length(const std::string& head) {
  std::istringstream lines(head);
  std::string line;
  while (std::getline(lines, line)) {
    const auto colon = line.find(':');
    if (colon != std::string::npos && lowercase(line.substr(0, colon)) == "content-length")
      return std::stoul(line.substr(colon + 1));
  }
  return std::nullopt;
}

struct Message {
  std::string head;  // up to and including the blank line
  std::string body;
};

// Reads one HTTP message. A request without Content-Length has no body; a reply without one
// ends with the connection.
std::optional<Message> read_message(int fd, bool is_reply, const std::atomic<bool>& stopping,
                                    int timeout_ms) {
  std::string data;
  char buffer[16 * 1024];
  std::size_t head_end;
  while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
    const ssize_t n = receive(fd, buffer, sizeof buffer, stopping, timeout_ms);
    if (n <= 0) return std::nullopt;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  Message message{data.substr(0, head_end + 4), data.substr(head_end + 4)};
  const std::optional<std::size_t> length = content_length(message.head);
  if (!length && !is_reply) return message;
  while (!length || message.body.size() < *length) {
    const ssize_t n = receive(fd, buffer, sizeof buffer, stopping, timeout_ms);
    if (n <= 0) {
      if (!length) return message;  // delimited by the end of the connection
      return std::nullopt;
    }
    message.body.append(buffer, static_cast<std::size_t>(n));
  }
  message.body.resize(*length);
  return message;
}

// The reply as a keep-alive reply of the same status, headers and body.
std::string keep_alive_reply(const Message& reply) {
  std::istringstream lines(reply.head);
  std::string line, out;
  std::getline(lines, line);
  out = line + "\n";  // the status line keeps its CR
  while (std::getline(lines, line)) {
    if (line == "\r" || line.empty()) break;
    const std::string name = lowercase(line.substr(0, line.find(':')));
    if (name == "connection" || name == "keep-alive" || name == "content-length" ||
        name == "transfer-encoding")
      continue;
    out += line + "\n";
  }
  out += "Content-Length: " + std::to_string(reply.body.size()) +
         "\r\nConnection: keep-alive\r\n\r\n" + reply.body;
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

LostReplyProxy::LostReplyProxy(int erp_port) : erp_port_(erp_port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof addr;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 64) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &size) != 0) {
    ::close(listener_);
    throw std::runtime_error("lost-reply proxy: cannot listen on loopback");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

LostReplyProxy::~LostReplyProxy() {
  stopping_ = true;
  acceptor_.join();
  {
    const std::lock_guard lock(mutex_);
    for (int client : clients_) ::shutdown(client, SHUT_RDWR);
  }
  for (auto& thread : threads_) thread.join();
  ::close(listener_);
}

void LostReplyProxy::lose_reply_on_reused_connection(const std::string& text) {
  const std::lock_guard lock(mutex_);
  rule_text_ = text;
  rule_only_reused_ = true;
}

void LostReplyProxy::lose_reply(const std::string& text) {
  const std::lock_guard lock(mutex_);
  rule_text_ = text;
  rule_only_reused_ = false;
}

bool LostReplyProxy::take_rule(const std::string& request, bool reused) {
  const std::lock_guard lock(mutex_);
  if (rule_text_.empty() || (rule_only_reused_ && !reused) ||
      request.find(rule_text_) == std::string::npos)
    return false;
  rule_text_.clear();
  return true;
}

void LostReplyProxy::accept_loop() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, kTickMs) <= 0) continue;
    const int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    const std::lock_guard lock(mutex_);
    clients_.insert(client);
    threads_.emplace_back([this, client] { relay(client); });
  }
}

void LostReplyProxy::relay(int client) {
  for (int index = 0; !stopping_; ++index) {
    // An idle keep-alive connection may wait long between requests; the client closes it.
    const std::optional<Message> request = read_message(client, false, stopping_, 24 * 3600 * 1000);
    if (!request) break;
    const int erp = connect_to(erp_port_);
    if (erp < 0) break;
    std::optional<Message> reply;
    if (send_all(erp, request->head + request->body)) {
      ++forwarded_;
      reply = read_message(erp, true, stopping_, kErpReplyTimeoutMs);
    }
    ::close(erp);
    if (!reply) break;
    if (take_rule(request->head + request->body, index > 0)) {
      ++lost_;
      break;  // the ERP has applied it; the client hears nothing but the close
    }
    if (!send_all(client, keep_alive_reply(*reply))) break;
  }
  const std::lock_guard lock(mutex_);
  clients_.erase(client);
  ::close(client);
}

}  // namespace erpbridge::testing
