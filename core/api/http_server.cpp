// Poco's HTTPTimeServer skeleton: a request-handler factory and one handler class. The handler
// only translates between Poco and ApiRequest/ApiReply and enforces the body size limit; what
// a request means is decided by request_dispatch and the route table.
#include "api/http_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>

#include <thread>

#include "api/api_context.hpp"
#include "api/error_reply.hpp"
#include "api/request_dispatch.hpp"
#include "api/url_encoding.hpp"
#include "common/log.hpp"

namespace erpbridge::api {

namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

// After refusing an oversized body we close the connection; reading (and discarding) a little
// of what the client is still sending first lets it receive the 413 instead of a reset.
constexpr std::size_t kLingerBytes = 1 << 20;
const Poco::Timespan kLingerTime(0, 500000);

Poco::Timespan timespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

void send_reply(HTTPServerResponse& response, const ApiReply& reply) {
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
  response.setContentType(reply.content_type);
  for (const auto& [name, value] : reply.headers) response.set(name, value);
  response.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
  std::ostream& out = response.send();
  out.write(reply.body.data(), static_cast<std::streamsize>(reply.body.size()));
  out.flush();
}

void linger(HTTPServerRequest& request) {
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
  if (impl == nullptr) return;
  try {
    Poco::Net::StreamSocket& socket = impl->socket();
    socket.shutdownSend();
    socket.setReceiveTimeout(kLingerTime);
    char buffer[16384];
    std::size_t discarded = 0;
    while (discarded < kLingerBytes) {
      const int n = socket.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) break;
      discarded += static_cast<std::size_t>(n);
    }
  } catch (const Poco::Exception&) {
    // The client went away or stopped sending: nothing more to do.
  }
}

class ApiRequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  ApiRequestHandler(ApiContext& context, std::size_t max_body)
      : context_(context), max_body_(max_body) {}

  void handleRequest(HTTPServerRequest& in, HTTPServerResponse& out) override {
    ApiRequest request;
    request.method = in.getMethod();
    for (const auto& [name, value] : in) request.headers.add(name, value);
    const std::string& uri = in.getURI();
    const std::size_t question = uri.find('?');
    request.path = uri.substr(0, question);
    request.format =
        format_of(request.headers, in.hasContentLength() || in.getChunkedTransferEncoding());

    if (auto refusal = read_body(in, request)) {
      out.setKeepAlive(false);
      send_reply(out, error_reply(*refusal, request.format));
      if (refusal->status == 413) linger(in);
      return;
    }
    request.format = format_of(request.headers, !request.body.empty());
    auto query = parse_query(question == std::string::npos ? "" : uri.substr(question + 1));
    if (!query) {
      const ApiError malformed{400, "malformed_query",
                               "the query string is not valid percent-encoding", ""};
      send_reply(out, error_reply(malformed, request.format));
      return;
    }
    request.query = std::move(*query);
    send_reply(out, dispatch(request, context_));
  }

 private:
  // Reads the body into `request.body`, never more than max_body_ bytes of it.
  std::optional<ApiError> read_body(HTTPServerRequest& in, ApiRequest& request) {
    const ApiError too_large{413, "body_too_large",
                             "the body is larger than the limit of " + std::to_string(max_body_) +
                                 " bytes (server.max_body_bytes)",
                             ""};
    const bool chunked = in.getChunkedTransferEncoding();
    if (!chunked && !in.hasContentLength()) {
      if (request.method == "POST" || request.method == "PUT")
        return ApiError{411, "length_required", "send Content-Length or a chunked body", ""};
      return std::nullopt;  // Poco gives a GET without a length an empty body
    }
    if (in.hasContentLength() && static_cast<Poco::UInt64>(in.getContentLength64()) > max_body_)
      return too_large;
    try {
      std::istream& stream = in.stream();
      char buffer[16384];
      while (stream) {
        stream.read(buffer, sizeof buffer);
        const auto n = static_cast<std::size_t>(stream.gcount());
        if (request.body.size() + n > max_body_) return too_large;
        request.body.append(buffer, n);
      }
    } catch (const Poco::TimeoutException&) {
      return ApiError{408, "request_timeout", "the body did not arrive in time", ""};
    } catch (const Poco::Exception& e) {
      return ApiError{400, "bad_request", "the body could not be read: " + e.displayText(), ""};
    }
    return std::nullopt;
  }

  ApiContext& context_;
  std::size_t max_body_;
};

class ApiHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  ApiHandlerFactory(ApiContext& context, std::size_t max_body)
      : context_(context), max_body_(max_body) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new ApiRequestHandler(context_, max_body_);
  }

 private:
  ApiContext& context_;
  std::size_t max_body_;
};

}  // namespace

struct ApiServer::Impl {
  Impl(service::EventService& service, const config::ServerSettings& settings)
      : context(service),
        pool(static_cast<int>(std::min<std::size_t>(2, settings.threads)),
             static_cast<int>(settings.threads)) {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress(settings.listen_address), /*reuseAddress=*/true);
    socket.listen(128);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(static_cast<int>(settings.threads));
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(timespan(settings.keep_alive_timeout));
    params->setTimeout(timespan(settings.request_timeout));
    params->setSoftwareVersion("erpbridge");
    server = std::make_unique<Poco::Net::HTTPServer>(
        new ApiHandlerFactory(context, settings.max_body_bytes), pool, socket, params);
    server->start();
    bound = server->socket().address();
  }

  ApiContext context;
  Poco::ThreadPool pool;  // declared before the server: destroyed after it, joining its threads
  std::unique_ptr<Poco::Net::HTTPServer> server;
  Poco::Net::SocketAddress bound;
  bool stopped = false;
};

ApiServer::ApiServer(service::EventService& service, const config::ServerSettings& settings)
    : impl_(std::make_unique<Impl>(service, settings)) {}

ApiServer::~ApiServer() {
  stop(std::chrono::seconds(5));
}

std::string ApiServer::address() const {
  return impl_->bound.toString();
}

std::uint16_t ApiServer::port() const {
  return impl_->bound.port();
}

void ApiServer::stop(std::chrono::milliseconds grace) {
  if (impl_->stopped) return;
  impl_->stopped = true;
  // stopAll(false): no new connections; each open one finishes the request it is serving,
  // then is shut down.
  impl_->server->stopAll(false);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->server->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

service::ReloadReport ApiServer::reload() {
  std::lock_guard<std::mutex> lock(impl_->context.reload_mutex);
  return impl_->context.service.reload();
}

}  // namespace erpbridge::api
