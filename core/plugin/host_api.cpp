#include "plugin/host_api.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <string_view>
#include <vector>

#include <erpbridge/http_result.hpp>

#include "common/log.hpp"

namespace erpbridge::plugin {

namespace {

// erpb_http_request as ABI 1.0 defines it; later minors append fields after timeout_ms.
constexpr std::size_t kHttpRequestSize_1_0 =
    offsetof(erpb_http_request, timeout_ms) + sizeof(erpb_http_request::timeout_ms);
// erpb_http_request as ABI 1.2 defines it, with the repeat field.
constexpr std::size_t kHttpRequestSize_1_2 =
    offsetof(erpb_http_request, repeat) + sizeof(erpb_http_request::repeat);
// A plugin may log freely; one call may not flood the log.
constexpr std::size_t kMaxLogMessageBytes = 4096;

// A response that owns what its C view points at. Deriving from the C struct lets
// http_release get back from the plugin's pointer to the owner with a static_cast.
struct OwnedResponse : erpb_http_response {
  std::string body_text;
  std::string error_text;
  http::Headers header_text;
  std::vector<erpb_http_header> header_views;
};

// Returned when the host cannot even allocate a response: http_send must never return NULL.
// Static, so http_release recognises and skips them.
constexpr char kNoMemoryBeforeSend[] = "host could not allocate memory for the request";
constexpr char kNoMemoryAfterSend[] = "host could not allocate memory for the response";
const erpb_http_response kNotSentResponse{sizeof(erpb_http_response),
                                          ERPB_TRANSPORT_NOT_SENT,
                                          0,
                                          {"", 0},
                                          nullptr,
                                          0,
                                          {kNoMemoryBeforeSend, sizeof kNoMemoryBeforeSend - 1},
                                          ERPB_RESULT_RETRYABLE,
                                          -1};
const erpb_http_response kLostResponse{sizeof(erpb_http_response),
                                       ERPB_TRANSPORT_SENT_NO_RESPONSE,
                                       0,
                                       {"", 0},
                                       nullptr,
                                       0,
                                       {kNoMemoryAfterSend, sizeof kNoMemoryAfterSend - 1},
                                       ERPB_RESULT_IN_DOUBT,
                                       -1};

ConnectorInstance::HostContext* from_host_ctx(erpb_host_ctx* ctx) {
  return reinterpret_cast<ConnectorInstance::HostContext*>(ctx);
}

LogLevel to_log_level(erpb_log_level level) {
  switch (static_cast<int>(level)) {
    case ERPB_LOG_DEBUG:
      return LogLevel::debug;
    case ERPB_LOG_WARN:
      return LogLevel::warn;
    case ERPB_LOG_ERROR:
      return LogLevel::error;
    default:
      return LogLevel::info;
  }
}

erpb_transport_status to_c_transport(http::Transport transport) {
  switch (transport) {
    case http::Transport::ok:
      return ERPB_TRANSPORT_OK;
    case http::Transport::not_sent:
      return ERPB_TRANSPORT_NOT_SENT;
    case http::Transport::sent_no_response:
      return ERPB_TRANSPORT_SENT_NO_RESPONSE;
    case http::Transport::bad_request:
      return ERPB_TRANSPORT_BAD_REQUEST;
  }
  return ERPB_TRANSPORT_SENT_NO_RESPONSE;
}

// A borrowed erpb_str may only be NULL when it is empty.
bool copy_str(erpb_str s, std::string& out) {
  if (!s.data && s.size) return false;
  out.assign(s.data ? s.data : "", s.size);
  return true;
}

// RFC 9110 token: what a method or header name may consist of.
bool is_token(std::string_view s) {
  static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || kSymbols.find(c) != kSymbols.npos))
      return false;
  return true;
}

// CR, LF and NUL would let a plugin smuggle a second header or request onto the wire.
bool has_line_break(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != s.npos;
}

// The ABI 1.2 fields: the SDK's one rule applied to the exchange, so plugins need not repeat it.
void classify(OwnedResponse& response, std::optional<std::string_view> retry_after) {
  const auto verdict = sdk::classify_http(response.transport, response.status, retry_after,
                                          std::chrono::system_clock::now());
  response.result_class = verdict.result_class;
  response.retry_after_ms = verdict.retry_after_ms.value_or(-1);
}

erpb_http_response* failure(erpb_transport_status transport, std::string message) {
  auto* response = new OwnedResponse{};
  response->struct_size = sizeof(erpb_http_response);
  response->transport = transport;
  response->error_text = std::move(message);
  response->error = {response->error_text.data(), response->error_text.size()};
  classify(*response, std::nullopt);
  return response;
}

void host_log(erpb_host_ctx* ctx, erpb_log_level level, erpb_str message) noexcept {
  try {
    const auto* context = from_host_ctx(ctx);
    std::string line = context ? "tenant " + context->tenant_id + " plugin " + context->plugin_name
                               : std::string("plugin (no context)");
    line += ": ";
    const std::size_t size = message.data ? message.size : 0;
    line.append(message.data ? message.data : "", std::min(size, kMaxLogMessageBytes));
    if (size > kMaxLogMessageBytes) line += " [truncated]";
    log_line(to_log_level(level), context ? context->secrets->scrub(std::move(line)) : line);
  } catch (...) {
    // Losing a plugin's log line is better than unwinding into plugin code.
  }
}

const erpb_http_response* host_http_send(erpb_host_ctx* ctx,
                                         const erpb_http_request* request) noexcept {
  http::Request converted;
  http::Response response;
  try {
    const auto* context = from_host_ctx(ctx);
    if (!context) return failure(ERPB_TRANSPORT_BAD_REQUEST, "http_send called without a context");
    std::string problem;
    if (!to_http_request(request, converted, problem))
      return failure(ERPB_TRANSPORT_BAD_REQUEST, std::move(problem));
    if (!context->endpoint)
      return failure(ERPB_TRANSPORT_NOT_SENT, "no ERP connection is configured for this connector");
    context->secrets->learn_from_request(converted);
    try {
      response = context->endpoint->send(converted);
    } catch (const std::exception& e) {
      return failure(ERPB_TRANSPORT_NOT_SENT, std::string("host HTTP client failed: ") + e.what());
    }
    context->secrets->learn_from_response(response);
  } catch (...) {
    return &kNotSentResponse;
  }
  return to_c_response(std::move(response));
}

void host_http_release(erpb_host_ctx*, const erpb_http_response* response) noexcept {
  if (!response || response == &kNotSentResponse || response == &kLostResponse) return;
  delete static_cast<const OwnedResponse*>(response);
}

const erpb_host_api kHostApi{sizeof(erpb_host_api),  ERPB_ABI_VERSION_MAJOR,
                             ERPB_ABI_VERSION_MINOR, &host_log,
                             &host_http_send,        &host_http_release};

}  // namespace

const erpb_host_api& host_api() {
  return kHostApi;
}

bool to_http_request(const erpb_http_request* request, http::Request& out, std::string& problem) {
  if (!request) {
    problem = "request is NULL";
    return false;
  }
  if (request->struct_size < kHttpRequestSize_1_0) {
    problem = "request struct_size " + std::to_string(request->struct_size) +
              " is smaller than the ABI 1.0 size " + std::to_string(kHttpRequestSize_1_0);
    return false;
  }
  if (!copy_str(request->method, out.method) || !is_token(out.method)) {
    problem = "request method is not an HTTP method token";
    return false;
  }
  if (!copy_str(request->target, out.target) || out.target.empty() || has_line_break(out.target)) {
    problem = "request target is empty or contains CR, LF or NUL";
    return false;
  }
  if (!copy_str(request->body, out.body)) {
    problem = "request body is NULL with a non-zero size";
    return false;
  }
  if (request->header_count && !request->headers) {
    problem = "request headers are NULL with a non-zero count";
    return false;
  }
  out.headers.clear();
  for (std::size_t i = 0; i < request->header_count; ++i) {
    std::string name, value;
    if (!copy_str(request->headers[i].name, name) || !is_token(name) ||
        !copy_str(request->headers[i].value, value) || has_line_break(value)) {
      problem = "request header " + std::to_string(i) + " has an invalid name or value";
      return false;
    }
    out.headers.emplace_back(std::move(name), std::move(value));
  }
  if (request->timeout_ms) out.read_timeout = std::chrono::milliseconds(request->timeout_ms);
  out.repeat = http::Repeat::by_method;  // a 1.0/1.1 plugin: the rule by method and key
  if (request->struct_size >= kHttpRequestSize_1_2) {
    switch (request->repeat) {
      case ERPB_REPEAT_BY_METHOD:
        break;
      case ERPB_REPEAT_SAFE:
        out.repeat = http::Repeat::safe;
        break;
      case ERPB_REPEAT_NEVER:
        out.repeat = http::Repeat::never;
        break;
      default:
        problem = "request repeat " + std::to_string(request->repeat) + " is not an erpb_repeat";
        return false;
    }
  }
  return true;
}

const erpb_http_response* to_c_response(http::Response response) noexcept {
  try {
    auto* owned = new OwnedResponse{};
    owned->struct_size = sizeof(erpb_http_response);
    owned->transport = to_c_transport(response.transport);
    owned->status = response.transport == http::Transport::ok ? response.status : 0;
    owned->body_text = std::move(response.body);
    owned->error_text = std::move(response.error);
    const auto retry_after_header = response.header("Retry-After");
    const std::optional<std::string_view> retry_after =
        retry_after_header ? std::optional<std::string_view>(*retry_after_header) : std::nullopt;
    owned->header_text = std::move(response.headers);
    owned->header_views.reserve(owned->header_text.size());
    for (const auto& [name, value] : owned->header_text)
      owned->header_views.push_back({{name.data(), name.size()}, {value.data(), value.size()}});
    owned->body = {owned->body_text.data(), owned->body_text.size()};
    owned->error = {owned->error_text.data(), owned->error_text.size()};
    owned->headers = owned->header_views.data();
    owned->header_count = owned->header_views.size();
    classify(*owned, retry_after);
    return owned;
  } catch (...) {
    // Only a request that may have reached the ERP is reported as possibly sent.
    const bool maybe_sent = response.transport == http::Transport::ok ||
                            response.transport == http::Transport::sent_no_response;
    return maybe_sent ? &kLostResponse : &kNotSentResponse;
  }
}

}  // namespace erpbridge::plugin
