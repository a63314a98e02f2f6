#include "test_http_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

namespace erpbridge::http::testkit {
namespace {

class RecordingHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RecordingHandler(TestHttpServer& server) : server_(server) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in,
                     Poco::Net::HTTPServerResponse& out) override {
    RecordedRequest request{in.getMethod(), in.getURI(), {}, {}, in.clientAddress().port()};
    for (const auto& [name, value] : in) request.headers.emplace_back(name, value);
    Poco::StreamCopier::copyToString(in.stream(), request.body);
    server_.record(request);
    send(server_.answer(request), out);
  }

 private:
  static void send(const CannedResponse& canned, Poco::Net::HTTPServerResponse& out) {
    out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(canned.status));
    for (const auto& [name, value] : canned.headers) out.add(name, value);
    if (canned.close_connection) out.setKeepAlive(false);
    if (canned.chunked) {
      out.setChunkedTransferEncoding(true);
    } else {
      out.setContentLength64(static_cast<Poco::Int64>(canned.body.size()));
    }
    out.send() << canned.body;
  }

  TestHttpServer& server_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(TestHttpServer& server) : server_(server) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new RecordingHandler(server_);
  }

 private:
  TestHttpServer& server_;
};

Poco::Net::ServerSocket listen_on_loopback(const Poco::Net::Context::Ptr& tls) {
  const Poco::Net::SocketAddress any_port("127.0.0.1", 0);
  if (tls) return Poco::Net::SecureServerSocket(any_port, 64, tls);
  return Poco::Net::ServerSocket(any_port, 64);
}

}  // namespace

std::optional<std::string> RecordedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (Poco::icompare(key, std::string(name)) == 0) return value;
  }
  return std::nullopt;
}

std::size_t RecordedRequest::count(std::string_view name) const {
  std::size_t found = 0;
  for (const auto& header : headers) {
    if (Poco::icompare(header.first, std::string(name)) == 0) ++found;
  }
  return found;
}

TestHttpServer::TestHttpServer() : TestHttpServer(Options{}) {}

TestHttpServer::TestHttpServer(Options options) : options_(std::move(options)) {
  Poco::Net::ServerSocket socket = listen_on_loopback(options_.tls);
  port_ = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(options_.keep_alive_timeout.count() * 1000));
  params->setMaxKeepAliveRequests(0);  // unlimited
  params->setMaxThreads(32);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), threads_, socket, params);
  server_->start();
}

TestHttpServer::~TestHttpServer() {
  server_->stopAll(true);
  server_.reset();
  threads_.joinAll();
}

std::string TestHttpServer::url(const std::string& path, const std::string& host) const {
  const std::string scheme = options_.tls ? "https" : "http";
  return scheme + "://" + host + ":" + std::to_string(port_) + path;
}

std::vector<RecordedRequest> TestHttpServer::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t TestHttpServer::connection_count() const {
  const std::lock_guard lock(mutex_);
  std::set<std::uint16_t> ports;
  for (const auto& request : requests_) ports.insert(request.client_port);
  return ports.size();
}

void TestHttpServer::record(RecordedRequest request) {
  const std::lock_guard lock(mutex_);
  requests_.push_back(std::move(request));
}

CannedResponse TestHttpServer::answer(const RecordedRequest& request) const {
  return options_.handler ? options_.handler(request) : CannedResponse{};
}

}  // namespace erpbridge::http::testkit
