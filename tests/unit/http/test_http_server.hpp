// A well-behaved HTTP(S) server on 127.0.0.1, port 0, that records what it receives.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http/http_client.hpp"

namespace erpbridge::http::testkit {

struct RecordedRequest {
  std::string method;
  std::string uri;
  Headers headers;
  std::string body;
  std::uint16_t client_port = 0;  // one per TCP connection

  std::optional<std::string> header(std::string_view name) const;
  std::size_t count(std::string_view name) const;  // occurrences of a header name
};

struct CannedResponse {
  int status = 200;
  std::string body = "ok";
  Headers headers;
  bool chunked = false;
  bool close_connection = false;
};

inline CannedResponse reply(int status, std::string body, Headers headers = {}) {
  CannedResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

class TestHttpServer {
 public:
  using Handler = std::function<CannedResponse(const RecordedRequest&)>;

  struct Options {
    Handler handler;              // default: 200 "ok"
    Poco::Net::Context::Ptr tls;  // set: serve HTTPS with this server context
    std::chrono::milliseconds keep_alive_timeout{10000};

    Options& answer_with(Handler answer) {
      handler = std::move(answer);
      return *this;
    }
    Options& serve_tls(Poco::Net::Context::Ptr server_context) {
      tls = std::move(server_context);
      return *this;
    }
    // The server closes a keep-alive connection idle this long.
    Options& close_idle_after(std::chrono::milliseconds timeout) {
      keep_alive_timeout = timeout;
      return *this;
    }
  };

  TestHttpServer();
  explicit TestHttpServer(Options options);
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  // e.g. url("/api") == "http://127.0.0.1:<port>/api"
  std::string url(const std::string& path = "", const std::string& host = "127.0.0.1") const;

  std::vector<RecordedRequest> requests() const;
  std::size_t connection_count() const;  // distinct client ports seen

  void record(RecordedRequest request);
  CannedResponse answer(const RecordedRequest& request) const;

 private:
  Options options_;
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
  Poco::ThreadPool threads_{2, 32};
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
};

using ServerOptions = TestHttpServer::Options;

}  // namespace erpbridge::http::testkit
