#include "raw_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace erpbridge::testing {

RawConnection::RawConnection(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    ::close(fd_);
    throw std::runtime_error("connect: " + std::string(std::strerror(error)));
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

RawConnection::RawConnection(RawConnection&& other) noexcept
    : fd_(other.fd_), received_(std::move(other.received_)) {
  other.fd_ = -1;
}

bool RawConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

RawConnection::Received RawConnection::receive(std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() < 0) return Received::timeout;
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return Received::timeout;
    char buffer[16384];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Received::closed;
    received_.append(buffer, static_cast<std::size_t>(n));
    return Received::data;
  }
}

bool RawConnection::receive_more(std::chrono::steady_clock::time_point deadline) {
  return receive(deadline) == Received::data;
}

std::optional<HttpReply> RawConnection::read_reply(std::chrono::milliseconds timeout,
                                                   bool to_head) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t end;
  while ((end = received_.find("\r\n\r\n")) == std::string::npos)
    if (!receive_more(deadline)) return std::nullopt;
  // Anything before the status line (a body the previous reply did not announce) is an error.
  if (!received_.starts_with("HTTP/1.")) return std::nullopt;
  HttpReply reply;
  const std::string head = received_.substr(0, end + 2);
  const std::size_t first_line = head.find("\r\n");
  reply.status = std::stoi(head.substr(head.find(' ') + 1, 3));
  std::size_t at = first_line + 2;
  while (at < head.size()) {
    const std::size_t line_end = head.find("\r\n", at);
    const std::string line = head.substr(at, line_end - at);
    const std::size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    reply.headers[name] = value;
    at = line_end + 2;
  }
  const std::string length = reply.header("content-length");
  const std::size_t body_size = length.empty() || to_head ? 0 : std::stoul(length);
  const std::size_t body_start = end + 4;
  while (received_.size() < body_start + body_size)
    if (!receive_more(deadline)) return std::nullopt;
  reply.body = received_.substr(body_start, body_size);
  received_.erase(0, body_start + body_size);
  return reply;
}

bool RawConnection::closed_within(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const Received got = receive(deadline);
    received_.clear();
    if (got != Received::data) return got == Received::closed;
  }
}

std::string request_text(const std::string& method, const std::string& target,
                         const HeaderList& headers, const std::string& body) {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) text += name + ": " + value + "\r\n";
  if (!body.empty() || method == "POST")
    text +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  return text + "\r\n" + body;
}

bool raise_descriptor_limit(std::size_t descriptors) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  if (limit.rlim_cur >= descriptors) return true;
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < descriptors) return false;
  limit.rlim_cur = descriptors;
  return setrlimit(RLIMIT_NOFILE, &limit) == 0;
}

}  // namespace erpbridge::testing
