// One exchange, classified by phase: connect (not_sent), send and wait for the status line
// (sent_no_response, telling whether a reused connection was closed before or after the whole
// request went out), read the body (sent_no_response).
#include "http/exchange.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include <cerrno>
#include <cstdint>
#include <exception>
#include <istream>
#include <ostream>

#include "http/keep_alive.hpp"

namespace erpbridge::http {
namespace {

std::string describe(const std::exception& error) {
  if (const auto* poco = dynamic_cast<const Poco::Exception*>(&error)) return poco->displayText();
  return error.what();
}

Response failed(Transport transport, std::string error) {
  Response response;
  response.transport = transport;
  response.error = std::move(error);
  return response;
}

// What a server that closed an idle keep-alive connection looks like from our side, when no
// byte of a response arrived: end of stream at the status line, a reset, or a broken pipe.
bool closed_by_server_before_response(const std::exception& error) {
  if (dynamic_cast<const Poco::Net::NoMessageException*>(&error) ||
      dynamic_cast<const Poco::Net::ConnectionResetException*>(&error) ||
      dynamic_cast<const Poco::Net::ConnectionAbortedException*>(&error) ||
      dynamic_cast<const Poco::Net::SSLConnectionUnexpectedlyClosedException*>(&error)) {
    return true;
  }
  const auto* io = dynamic_cast<const Poco::IOException*>(&error);
  return io && io->code() == EPIPE;
}

void send_request(Poco::Net::HTTPClientSession& session, Poco::Net::HTTPRequest& request,
                  const std::string& body) {
  std::ostream& out = session.sendRequest(request);
  out.write(body.data(), static_cast<std::streamsize>(body.size()));
  out.flush();
  // Poco's streams swallow the socket error into the stream state and keep it in the session.
  if (!out.good()) {
    if (const Poco::Exception* error = session.networkException()) error->rethrow();
    throw Poco::IOException("cannot write the request");
  }
}

// A HEAD reply and 1xx, 204 and 304 replies have no body, whatever Content-Length says (for
// HEAD it is the size of the body a GET would have had).
bool has_no_body(const Poco::Net::HTTPRequest& request, const Poco::Net::HTTPResponse& head) {
  const int status = head.getStatus();
  return request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD || status < 200 ||
         status == 204 || status == 304;
}

bool has_delimited_body(const Poco::Net::HTTPRequest& request,
                        const Poco::Net::HTTPResponse& head) {
  return has_no_body(request, head) || head.hasContentLength() || head.getChunkedTransferEncoding();
}

struct BodyRead {
  bool too_large = false;
  bool truncated = false;  // fewer bytes than Content-Length announced
};

BodyRead read_body(std::istream& in, const Poco::Net::HTTPResponse& head, std::size_t limit,
                   std::string& body) {
  if (head.hasContentLength() &&
      static_cast<std::uint64_t>(head.getContentLength64()) > static_cast<std::uint64_t>(limit)) {
    return {.too_large = true};
  }
  // With badbit in the mask, a socket error or timeout surfaces as the original Poco exception.
  in.exceptions(std::ios::badbit);
  char chunk[16 * 1024];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    const auto got = static_cast<std::size_t>(in.gcount());
    if (body.size() + got > limit) return {.too_large = true};
    body.append(chunk, got);
  }
  const bool truncated = head.hasContentLength() &&
                         body.size() < static_cast<std::uint64_t>(head.getContentLength64());
  return {.truncated = truncated};
}

ExchangeOutcome read_response(std::istream& in, const Poco::Net::HTTPRequest& request,
                              const Poco::Net::HTTPResponse& head, const ExchangeLimits& limits,
                              const std::string& origin) {
  ExchangeOutcome outcome;
  Response& response = outcome.response;
  response.status = head.getStatus();
  for (const auto& [name, value] : head) response.headers.emplace_back(name, value);
  const std::string context = "the response of " + origin + " to " + request.getMethod();
  try {
    const BodyRead read = has_no_body(request, head)
                              ? BodyRead{}
                              : read_body(in, head, limits.max_body_bytes, response.body);
    if (read.too_large) {
      response.transport = Transport::sent_no_response;
      response.body.clear();
      response.error =
          context + " has a body over the " + std::to_string(limits.max_body_bytes) + "-byte limit";
    } else if (read.truncated) {
      response.transport = Transport::sent_no_response;
      response.error = context + " ended before its announced Content-Length";
    } else {
      outcome.reusable = head.getKeepAlive() && has_delimited_body(request, head);
      if (outcome.reusable && head.has("Keep-Alive"))
        outcome.server_idle_limit = server_idle_limit(head.get("Keep-Alive"));
    }
  } catch (const std::exception& error) {
    response.transport = Transport::sent_no_response;
    response.error = context + " broke off: " + describe(error);
  }
  return outcome;
}

}  // namespace

ExchangeOutcome exchange(Connection& connection, bool reused, Poco::Net::HTTPRequest& request,
                         const std::string& body, const ExchangeLimits& limits,
                         const std::string& origin) {
  Poco::Net::HTTPClientSession& session = connection.session();
  if (!session.connected()) {
    try {
      connection.open();
    } catch (const std::exception& error) {
      return {failed(Transport::not_sent, "cannot connect to " + origin + ": " + describe(error))};
    }
  }
  connection.set_io_timeout(limits.read_timeout);
  const auto no_response = [&](const std::exception& error, ReusedClose phase) {
    ExchangeOutcome outcome{failed(
        Transport::sent_no_response,
        "no response from " + origin + " to " + request.getMethod() + ": " + describe(error))};
    // Only a reused connection qualifies: a new connection that fails this way says something
    // about the server, not about the connection's age.
    if (reused && closed_by_server_before_response(error)) outcome.reused_close = phase;
    return outcome;
  };
  try {
    send_request(session, request, body);
  } catch (const std::exception& error) {
    return no_response(error, ReusedClose::while_writing);
  }
  Poco::Net::HTTPResponse head;
  std::istream* body_stream = nullptr;
  try {
    body_stream = &session.receiveResponse(head);
  } catch (const std::exception& error) {
    return no_response(error, ReusedClose::after_writing);
  }
  return read_response(*body_stream, request, head, limits, origin);
}

}  // namespace erpbridge::http
