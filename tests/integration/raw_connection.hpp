// A TCP connection to `erpbridge serve` driven byte by byte, for what an HTTP client library
// will not do: send a request slowly or cut short, send malformed HTTP, hold a connection idle,
// and see exactly when the server answers or closes.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "serve_fixture.hpp"

namespace erpbridge::testing {

class RawConnection {
 public:
  explicit RawConnection(int port);  // connects to 127.0.0.1:port; throws on failure
  ~RawConnection();
  RawConnection(RawConnection&& other) noexcept;
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  RawConnection& operator=(RawConnection&&) = delete;

  // False when the server has closed (or reset) the connection.
  bool send(std::string_view bytes);

  // One reply (status line, headers, a Content-Length body; no body for a reply to HEAD),
  // within `timeout`; nullopt when the connection closed or the time ran out first, or when
  // bytes other than a status line come first.
  std::optional<HttpReply> read_reply(std::chrono::milliseconds timeout, bool to_head = false);

  // Whether the server closes the connection (end of stream or reset) within `timeout`,
  // discarding whatever it sends before.
  bool closed_within(std::chrono::milliseconds timeout);

 private:
  enum class Received { data, closed, timeout };
  // Appends what arrives before `deadline` to received_: data, or end of stream / reset
  // (closed), or nothing in time.
  Received receive(std::chrono::steady_clock::time_point deadline);
  bool receive_more(std::chrono::steady_clock::time_point deadline);  // receive() == data

  int fd_ = -1;
  std::string received_;
};

// A whole HTTP/1.1 request; a body (or a POST) gets Content-Type JSON and Content-Length.
std::string request_text(const std::string& method, const std::string& target,
                         const HeaderList& headers = {}, const std::string& body = "");

// Raises this process's soft RLIMIT_NOFILE to at least `descriptors` (within the hard limit);
// false when the hard limit is lower.
bool raise_descriptor_limit(std::size_t descriptors);

}  // namespace erpbridge::testing
