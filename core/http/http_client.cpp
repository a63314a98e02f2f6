// Endpoint: builds the request, runs it on a pooled connection, and sends it once more on a new
// connection when a reused one was closed under it and a second copy can do no harm.
#include "http/http_client.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPMessage.h>
#include <Poco/Net/HTTPRequest.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "http/connection_pool.hpp"
#include "http/credential_redaction.hpp"
#include "http/exchange.hpp"
#include "http/origin.hpp"
#include "http/repeat_rule.hpp"
#include "http/request_headers.hpp"
#include "http/reuse_counters.hpp"
#include "http/tls_context.hpp"

namespace erpbridge::http {
namespace {

Response bad_request(std::string error) {
  Response response;
  response.transport = Transport::bad_request;
  response.error = std::move(error);
  return response;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

bool method_has_body(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

ConnectionSettings connection_settings(const EndpointConfig& config) {
  ConnectionSettings settings{parse_base_url(config.base_url), nullptr, config.connect_timeout};
  if (!settings.origin.secure()) return settings;
  try {
    settings.tls = make_client_tls_context(config.tls, settings.origin.host);
  } catch (const Poco::Exception& error) {
    // Callers see one exception type for every configuration error, and no Poco header.
    throw std::invalid_argument("tls settings of " + settings.origin.describe() + ": " +
                                error.displayText());
  }
  return settings;
}

}  // namespace

struct Endpoint::State {
  explicit State(const EndpointConfig& config)
      : settings(connection_settings(config)),
        redactor(config.auth),
        pool([this] { return make_connection(settings); }, config.max_idle_connections,
             config.keep_alive_timeout) {}

  // The first failure that keeps the request from being built, or empty.
  std::string check(const Request& request, const ResolvedTarget& target) const {
    if (!target.error.empty()) return target.error;
    if (std::string error = check_method(request.method); !error.empty()) return error;
    return check_headers(request.headers);
  }

  ConnectionSettings settings;
  CredentialRedactor redactor;
  ConnectionPool pool;
};

std::optional<std::string> Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equals_ignoring_case(key, name)) return value;
  }
  return std::nullopt;
}

Endpoint::Endpoint(EndpointConfig config) : config_(std::move(config)) {
  if (std::string error = check_headers(config_.headers); !error.empty()) {
    throw std::invalid_argument("endpoint headers: " + error);
  }
  state_ = std::make_unique<State>(config_);
}

Endpoint::~Endpoint() = default;

Response Endpoint::send(const Request& request) {
  const ResolvedTarget target = resolve_target(state_->settings.origin, request.target);
  if (std::string error = state_->check(request, target); !error.empty()) {
    return bad_request(state_->redactor.scrub(std::move(error)));
  }
  Poco::Net::HTTPRequest head(request.method, target.path_and_query,
                              Poco::Net::HTTPMessage::HTTP_1_1);
  apply_headers(head, config_, request.headers);
  if (!request.body.empty() || method_has_body(request.method)) {
    head.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
  }
  const ExchangeLimits limits{request.read_timeout.value_or(config_.read_timeout),
                              config_.max_response_body_bytes};
  const std::string origin = state_->settings.origin.describe();

  ConnectionPool::Lease lease = state_->pool.acquire();
  ExchangeOutcome outcome =
      exchange(*lease.connection, lease.reused, head, request.body, limits, origin);
  if (outcome.reused_close != ReusedClose::no) {
    const bool repeat =
        outcome.reused_close == ReusedClose::while_writing || may_repeat(request, config_);
    count_reused_connection_close(repeat);
    if (repeat) {
      lease = state_->pool.acquire_new();
      outcome = exchange(*lease.connection, false, head, request.body, limits, origin);
    }
  }
  if (outcome.reusable)
    state_->pool.release(std::move(lease.connection), outcome.server_idle_limit);
  outcome.response.error = state_->redactor.scrub(std::move(outcome.response.error));
  return outcome.response;
}

}  // namespace erpbridge::http
