#include "api/http_connection.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <optional>
#include <string_view>
#include <type_traits>

#include "api/beast_exchange.hpp"
#include "common/log.hpp"

namespace erpbridge::api {

namespace net = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;
using net::ip::tcp;

namespace {

// The request line and all header fields together.
constexpr std::uint32_t kMaxHeaderBytes = 32 * 1024;
// After a reply that closes the connection we stop sending and read (and discard) what the
// client still sends for a moment, so that it receives the reply instead of a reset.
constexpr std::size_t kLingerBytes = 1 << 20;
constexpr std::chrono::milliseconds kLingerTime{500};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// Over TLS an idle connection waits by reading: bytes of the next request may already sit
// decrypted inside the TLS layer, where waiting on the socket would not see them.
constexpr std::size_t kIdleReadBytes = 16384;

using TlsStream = net::ssl::stream<tcp::socket>;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

}  // namespace

// Stream: tcp::socket (plain HTTP) or TlsStream (server.tls).
template <class Stream>
class HttpConnection : public OpenConnection,
                       public std::enable_shared_from_this<HttpConnection<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  HttpConnection(tcp::socket socket, ConnectionHub& hub) requires(!kTls)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), hub_(hub) {
    hub_.open_.fetch_add(1, std::memory_order_relaxed);
  }
  HttpConnection(tcp::socket socket, ConnectionHub& hub,
                 std::shared_ptr<net::ssl::context> tls) requires(kTls)
      : tls_(std::move(tls)),
        socket_(std::move(socket), *tls_),
        timer_(socket_.get_executor()),
        hub_(hub) {
    hub_.open_.fetch_add(1, std::memory_order_relaxed);
  }
  ~HttpConnection() {
    hub_.remove(this);
    hub_.open_.fetch_sub(1, std::memory_order_relaxed);
  }

  void start(bool over_capacity) {
    hub_.add(this, this->weak_from_this());
    net::dispatch(socket_.get_executor(), [self = this->shared_from_this(), over_capacity] {
      if constexpr (kTls)
        self->handshake(over_capacity);
      else
        self->begin(over_capacity);
    });
  }

  // From ConnectionHub::stop, on any thread.
  void stop() override {
    net::post(socket_.get_executor(), [self = this->shared_from_this()] {
      if (self->phase_ == Phase::idle) self->close();
    });
  }

 private:
  enum class Phase { handshaking, idle, reading, handling, writing, lingering, closed };

  tcp::socket& tcp_socket() { return boost::beast::get_lowest_layer(socket_); }

  void begin(bool over_capacity) {
    if (over_capacity)
      reply_and_close(
          server_busy("too many open connections (server.max_connections)", BodyFormat::json));
    else
      wait_for_request();
  }

  // A client that never completes the handshake is closed at request_timeout, as one that
  // never completes a request.
  void handshake(bool over_capacity) {
    phase_ = Phase::handshaking;
    arm(limits().request_timeout);
    socket_.async_handshake(net::ssl::stream_base::server, [self = this->shared_from_this(),
                                                            over_capacity](error_code ec) {
      if (self->phase_ != Phase::handshaking) return;
      if (ec) {
        log_line(LogLevel::debug, "serve: TLS handshake refused: " + ec.message());
        return self->close();
      }
      self->disarm();
      self->begin(over_capacity);
    });
  }

  const ConnectionLimits& limits() const { return hub_.limits(); }

  // Idle: waits for the first byte of the next request (it may already be buffered, sent
  // right behind the previous one).
  void wait_for_request() {
    if (hub_.stopping()) return close();
    phase_ = Phase::idle;
    if (buffer_.size() > 0) return read_header();
    arm(limits().keep_alive_timeout);
    if constexpr (kTls) {
      socket_.async_read_some(buffer_.prepare(kIdleReadBytes),
                              [self = this->shared_from_this()](error_code ec, std::size_t n) {
                                if (self->phase_ != Phase::idle) return;
                                if (ec) return self->close();
                                self->buffer_.commit(n);
                                self->read_header();
                              });
    } else {
      socket_.async_wait(tcp::socket::wait_read, [self = this->shared_from_this()](error_code ec) {
        if (self->phase_ != Phase::idle) return;
        if (ec) return self->close();
        self->read_header();
      });
    }
  }

  void read_header() {
    phase_ = Phase::reading;
    timed_out_ = false;
    arm(limits().request_timeout);  // for the whole request, header and body
    parser_.emplace();
    parser_->header_limit(kMaxHeaderBytes);
    parser_->body_limit(limits().max_body_bytes);
    http::async_read_header(
        socket_, buffer_, *parser_,
        [self = this->shared_from_this()](error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(error_code ec) {
    if (ec) return on_read_error(ec);
    const BeastRequest& header = parser_->get();
    const auto method = header.method();
    if ((method == http::verb::post || method == http::verb::put) && !header.has_content_length() &&
        !header.chunked())
      return reply_and_close(error_reply(length_required(), format_of_header(header)));
    if (parser_->is_done()) return on_request();
    if (iequals(header[http::field::expect], "100-continue")) {
      net::async_write(socket_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = this->shared_from_this()](error_code write_ec, std::size_t) {
                         if (write_ec) return self->close();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(socket_, buffer_, *parser_,
                     [self = this->shared_from_this()](error_code ec, std::size_t) {
                       if (ec) return self->on_read_error(ec);
                       self->on_request();
                     });
  }

  void on_read_error(error_code ec) {
    if (phase_ != Phase::reading) return;
    const bool header_done = parser_->is_header_done();
    const BodyFormat format = header_done ? format_of_header(parser_->get()) : BodyFormat::json;
    if (timed_out_) return reply_and_close(error_reply(request_timeout(), format));
    if (auto error = transport_error(ec, limits().max_body_bytes))
      return reply_and_close(error_reply(*error, format));
    close();
  }

  // A whole request has arrived: to a handler thread, or 503 when they are all busy and the
  // queue is full.
  void on_request() {
    disarm();
    phase_ = Phase::handling;
    auto received = std::make_shared<ReceivedRequest>(received_request(parser_->release()));
    parser_.reset();
    std::function<void()> task = [self = this->shared_from_this(), received] {
      ApiReply reply = handle(*received, self->hub_.context());
      net::post(self->socket_.get_executor(), [self, received, reply = std::move(reply)]() mutable {
        self->write(std::move(reply), received->version, received->keep_alive, received->head);
      });
    };
    if (hub_.workers().try_submit(task)) return;
    const ReceivedRequest& request = *received;
    write(server_busy("every request handler is busy and the queue is full "
                      "(server.threads, server.max_queued_requests)",
                      request.request.format),
          request.version, request.keep_alive, request.head);
  }

  void write(ApiReply&& reply, unsigned version, bool keep_alive, bool head = false) {
    if (phase_ == Phase::closed) return;
    keep_alive = keep_alive && !hub_.stopping();
    phase_ = Phase::writing;
    response_.emplace(to_beast(std::move(reply), version, keep_alive, head));
    arm(limits().request_timeout);
    http::async_write(socket_, *response_,
                      [self = this->shared_from_this(), keep_alive](error_code ec, std::size_t) {
                        self->response_.reset();
                        if (ec) return self->close();
                        if (!keep_alive) return self->linger();
                        self->wait_for_request();
                      });
  }

  // For refusals: the reply, then the connection is closed (the rest of the request, if any,
  // is never read as a request).
  void reply_and_close(ApiReply&& reply) {
    parser_.reset();
    write(std::move(reply), 11, false);
  }

  void linger() {
    phase_ = Phase::lingering;
    buffer_.clear();
    arm(kLingerTime);
    if constexpr (kTls) {
      // close_notify, then the client's own; the timer ends a client that never answers.
      socket_.async_shutdown([self = this->shared_from_this()](error_code) { self->close(); });
    } else {
      error_code ignored;
      socket_.shutdown(tcp::socket::shutdown_send, ignored);
      discard();
    }
  }

  void discard() {
    socket_.async_read_some(buffer_.prepare(16384),
                            [self = this->shared_from_this()](error_code ec, std::size_t n) {
                              self->discarded_ += n;
                              if (ec || self->discarded_ >= kLingerBytes) return self->close();
                              self->discard();
                            });
  }

  void arm(std::chrono::milliseconds timeout) {
    timer_.expires_after(timeout);
    timer_.async_wait([self = this->shared_from_this()](error_code) { self->on_timer(); });
  }

  void disarm() { timer_.expires_at(net::steady_timer::time_point::max()); }

  void on_timer() {
    // A wait cancelled by arm() or disarm() also lands here; only an expiry that is still
    // the current one counts.
    if (timer_.expiry() > net::steady_timer::clock_type::now()) return;
    switch (phase_) {
      case Phase::reading:
        // The read callback answers 408 once the cancelled read returns.
        timed_out_ = true;
        tcp_socket().cancel();
        break;
      case Phase::handshaking:
      case Phase::idle:
      case Phase::writing:
      case Phase::lingering:
        close();
        break;
      case Phase::handling:
      case Phase::closed:
        break;
    }
  }

  void close() {
    if (phase_ == Phase::closed) return;
    phase_ = Phase::closed;
    error_code ignored;
    tcp_socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp_socket().close(ignored);
    timer_.cancel();
  }

  std::shared_ptr<net::ssl::context> tls_;  // before socket_, which uses it
  Stream socket_;
  net::steady_timer timer_;
  ConnectionHub& hub_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<BeastResponse> response_;
  Phase phase_ = Phase::idle;
  bool timed_out_ = false;
  std::size_t discarded_ = 0;
};

void ConnectionHub::stop() {
  stopping_.store(true, std::memory_order_release);
  std::vector<std::shared_ptr<OpenConnection>> open;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [pointer, handle] : connections_)
      if (auto connection = handle.lock()) open.push_back(std::move(connection));
  }
  for (const auto& connection : open) connection->stop();
}

void ConnectionHub::add(OpenConnection* connection, std::weak_ptr<OpenConnection> handle) {
  std::lock_guard<std::mutex> lock(mutex_);
  connections_.emplace(connection, std::move(handle));
}

void ConnectionHub::remove(OpenConnection* connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  connections_.erase(connection);
}

void serve_connection(tcp::socket socket, ConnectionHub& hub, bool over_capacity) {
  std::make_shared<HttpConnection<tcp::socket>>(std::move(socket), hub)->start(over_capacity);
}

void serve_tls_connection(tcp::socket socket, ConnectionHub& hub,
                          std::shared_ptr<net::ssl::context> tls, bool over_capacity) {
  std::make_shared<HttpConnection<TlsStream>>(std::move(socket), hub, std::move(tls))
      ->start(over_capacity);
}

}  // namespace erpbridge::api
