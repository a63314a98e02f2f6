#include "error_classifier.hpp"

#include <erpbridge/http_result.hpp>

#include <boost/json.hpp>

#include <cctype>
#include <chrono>

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

constexpr std::size_t kMessageLimit = 300;

// Cuts at `limit` bytes without splitting a UTF-8 sequence.
std::string cut(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "...";
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string string_at(const json::array& a, std::size_t i) {
  return i < a.size() && a[i].is_string() ? std::string(a[i].as_string()) : std::string();
}

Failure make(ResultClass cls, std::string message, const sdk::HttpResponse* response = nullptr) {
  Failure f{cls, cut(message, kMessageLimit), 0, std::nullopt, {}};
  if (response && response->ok_transport()) {
    f.http_status = response->status;
    f.body_excerpt = plain_text_excerpt(response->body);
  }
  return f;
}

}  // namespace

std::string plain_text_excerpt(std::string_view body, std::size_t limit) {
  std::string text;
  bool in_tag = false, space = false;
  for (char c : body) {
    if (c == '<') {
      in_tag = true;
      space = true;
      continue;
    }
    if (in_tag) {
      in_tag = c != '>';
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !text.empty()) text.push_back(' ');
    space = false;
    text.push_back(c);
    if (text.size() > limit + 4) break;
  }
  return cut(text, limit);
}

// The SDK's one Retry-After rule (delta-seconds or HTTP-date, capped at a day).
std::optional<std::int64_t> retry_after_ms(const sdk::HttpResponse& response) {
  auto value = response.header("Retry-After");
  if (!value) return std::nullopt;
  return sdk::parse_retry_after(*value, std::chrono::system_clock::now());
}

std::optional<Failure> classify_http(const sdk::HttpResponse& response, Effect effect,
                                     std::string_view what) {
  const std::string call(what);
  switch (response.transport) {
    case ERPB_TRANSPORT_OK:
      break;
    case ERPB_TRANSPORT_NOT_SENT:
      return make(ResultClass::retryable, "Tryton unreachable (" + call + "): " + response.error);
    case ERPB_TRANSPORT_SENT_NO_RESPONSE:
      if (effect == Effect::write)
        return make(ResultClass::in_doubt, "no reply from Tryton to " + call +
                                               "; it may have been done: " + response.error);
      return make(ResultClass::retryable,
                  "no reply from Tryton to " + call + ": " + response.error);
    case ERPB_TRANSPORT_BAD_REQUEST:
    default:
      return make(ResultClass::permanent, "cannot send " + call + ": " + response.error);
  }
  const int status = response.status;
  if (status == 200) return std::nullopt;
  const std::string code = "HTTP " + std::to_string(status);
  if (sdk::is_retryable_status(status)) {
    auto f =
        make(ResultClass::retryable, "Tryton is unavailable (" + code + ") for " + call, &response);
    f.retry_after_ms = retry_after_ms(response);
    return f;
  }
  if (status == 403)
    return make(ResultClass::permanent,
                "Tryton refused " + call + " (" + code + "): the method is not exposed over RPC",
                &response);
  return make(ResultClass::permanent, "Tryton refused " + call + " (" + code + ")", &response);
}

Failure classify_rpc_error(const json::value& error, std::string_view what) {
  const std::string call(what);
  if (!error.is_array() || error.as_array().empty() || !error.as_array()[0].is_string())
    return make(ResultClass::permanent, "Tryton error in " + call + ": " + json::serialize(error));
  const auto& e = error.as_array();
  const std::string kind = string_at(e, 0);
  const json::array empty;
  const auto& args = e.size() > 1 && e[1].is_array() ? e[1].as_array() : empty;
  if (kind == "UserError") {
    auto message = string_at(args, 0);
    return make(ResultClass::permanent, message.empty() ? "Tryton refused " + call : message);
  }
  if (kind == "UserWarning")
    return make(ResultClass::permanent, string_at(args, 1) + " (a Tryton warning '" +
                                            string_at(args, 0) + "' that needs confirmation)");
  if (kind == "LoginException")
    return make(ResultClass::permanent,
                "login failed: Tryton asks for '" + string_at(args, 0) + "'");
  if (kind == "ConcurrencyException")
    return make(ResultClass::retryable,
                "concurrent change in Tryton: " +
                    (e.size() > 1 && e[1].is_string() ? std::string(e[1].as_string()) : call));
  if (kind == "RateLimitException")
    return make(ResultClass::retryable, "Tryton rate-limits " + call);
  // Anything else is [str(exception), traceback]: a programming or server error. A locked
  // SQLite database or a serialization failure clears on its own; the rest will not.
  if (contains(kind, "database is locked") || contains(kind, "could not serialize") ||
      contains(kind, "deadlock detected"))
    return make(ResultClass::retryable, "Tryton database busy in " + call + ": " + kind);
  return make(ResultClass::permanent, "Tryton error in " + call + ": " + kind);
}

Failure unreadable_reply(const sdk::HttpResponse& response, Effect effect, std::string_view what) {
  const std::string call(what);
  if (effect == Effect::write)
    return make(ResultClass::in_doubt,
                "unreadable reply from Tryton to " + call + "; it may have been done", &response);
  return make(ResultClass::retryable, "unreadable reply from Tryton to " + call, &response);
}

}  // namespace erpbridge::tryton
