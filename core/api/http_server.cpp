// The acceptor and the threads: a few I/O threads run every connection's callbacks
// (http_connection.cpp), a WorkerPool runs the handlers. Asio and Beast stay out of the header.
#include "api/http_server.hpp"

#include <sys/resource.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "api/api_context.hpp"
#include "api/http_connection.hpp"
#include "api/server_tls.hpp"
#include "api/worker_pool.hpp"
#include "common/log.hpp"

namespace erpbridge::api {

namespace net = boost::asio;
using boost::system::error_code;
using net::ip::tcp;

namespace {

// When the process is out of descriptors, accepting again at once would spin.
constexpr std::chrono::milliseconds kAcceptPause{50};

// Each connection is a descriptor: the soft limit is raised towards the hard one so that
// server.max_connections, not a default of 1024, is what bounds them.
void raise_descriptor_limit(std::size_t max_connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = static_cast<rlim_t>(max_connections) + 256;
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
  setrlimit(RLIMIT_NOFILE, &limit);
}

// "host:port" or "[v6]:port", as the config checked it.
tcp::endpoint resolve_listen(net::io_context& io, const std::string& address) {
  const std::size_t colon = address.rfind(':');
  std::string host = address.substr(0, colon);
  if (host.starts_with('[')) host = host.substr(1, host.size() - 2);
  tcp::resolver resolver(io);
  const auto results = resolver.resolve(host, address.substr(colon + 1),
                                        tcp::resolver::passive | tcp::resolver::numeric_service);
  if (results.empty()) throw std::runtime_error("cannot resolve " + address);
  return results.begin()->endpoint();
}

std::size_t io_thread_count(std::size_t configured) {
  if (configured > 0) return configured;
  return std::max(1u, std::thread::hardware_concurrency());
}

ConnectionLimits limits_of(const config::ServerSettings& settings) {
  return {settings.max_body_bytes, settings.request_timeout, settings.keep_alive_timeout};
}

}  // namespace

struct ApiServer::Impl {
  Impl(service::EventService& service, const config::ServerSettings& settings)
      : context(service),
        max_connections(settings.max_connections),
        workers(settings.threads, settings.max_queued_requests),
        hub(context, workers, limits_of(settings)),
        work(net::make_work_guard(io)),
        acceptor(net::make_strand(io)),
        accept_pause(acceptor.get_executor()) {
    if (settings.tls) {
      tls.emplace(*settings.tls);
      context.after_reload = [this] { return reload_tls(); };
    }
    raise_descriptor_limit(settings.max_connections);
    const tcp::endpoint endpoint = resolve_listen(io, settings.listen_address);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(net::socket_base::max_listen_connections);
    bound = acceptor.local_endpoint();
    accept();
    const std::size_t n = io_thread_count(settings.io_threads);
    for (std::size_t i = 0; i < n; ++i) io_threads.emplace_back([this] { io.run(); });
  }

  void accept() {
    acceptor.async_accept(net::make_strand(io), [this](error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space ||
          ec == net::error::no_memory) {
        log_line(LogLevel::warn, "serve: cannot accept a connection: " + ec.message());
        accept_pause.expires_after(kAcceptPause);
        accept_pause.async_wait([this](error_code wait_ec) {
          if (!wait_ec) accept();
        });
        return;
      }
      if (!ec) {
        error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        const bool over_capacity = hub.open_connections() >= max_connections;
        if (tls)
          serve_tls_connection(std::move(socket), hub, tls->current(), over_capacity);
        else
          serve_connection(std::move(socket), hub, over_capacity);
      }
      accept();
    });
  }

  // The certificate files again, at the paths the reloaded host file names; new connections
  // get them, those open keep theirs. TLS is switched on or off only by a restart.
  std::string reload_tls() {
    const auto runtime = context.service.runtime();
    const auto& now = runtime->host.server.tls;
    if (!now) return "server.tls was removed: switching TLS off needs a restart";
    try {
      tls->reload(*now);
      log_line(LogLevel::info, "serve: TLS certificates reloaded from " + now->cert.string());
      return {};
    } catch (const std::exception& e) {
      log_line(LogLevel::error,
               std::string("serve: keeping the running TLS certificates: ") + e.what());
      return e.what();
    }
  }

  void stop(std::chrono::milliseconds grace) {
    net::post(acceptor.get_executor(), [this] {
      error_code ignored;
      acceptor.close(ignored);
      accept_pause.cancel();
    });
    hub.stop();
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (hub.open_connections() > 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    work.reset();
    io.stop();
    for (std::thread& thread : io_threads) thread.join();
    workers.stop();
  }

  // Declared in the order they are needed; destroyed in reverse: the I/O context (and every
  // connection still in it) before the hub and the pool they point to.
  ApiContext context;
  std::optional<ServerTls> tls;  // server.tls; none: plain HTTP
  const std::size_t max_connections;
  WorkerPool workers;
  ConnectionHub hub;
  net::io_context io;
  net::executor_work_guard<net::io_context::executor_type> work;
  tcp::acceptor acceptor;
  net::steady_timer accept_pause;
  tcp::endpoint bound;
  std::vector<std::thread> io_threads;
  bool stopped = false;
};

ApiServer::ApiServer(service::EventService& service, const config::ServerSettings& settings)
    : impl_(std::make_unique<Impl>(service, settings)) {}

ApiServer::~ApiServer() {
  stop(std::chrono::seconds(5));
}

std::string ApiServer::address() const {
  const auto address = impl_->bound.address();
  const std::string port = std::to_string(impl_->bound.port());
  return address.is_v6() ? "[" + address.to_string() + "]:" + port
                         : address.to_string() + ":" + port;
}

std::uint16_t ApiServer::port() const {
  return impl_->bound.port();
}

void ApiServer::stop(std::chrono::milliseconds grace) {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->stop(grace);
}

service::ReloadReport ApiServer::reload() {
  std::lock_guard<std::mutex> lock(impl_->context.reload_mutex);
  return reload_all(impl_->context);
}

}  // namespace erpbridge::api
