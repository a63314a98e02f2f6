#include "syncback/commerceup_reply.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <string>

namespace erpbridge::syncback {

namespace {

constexpr std::int64_t kMaxRetryAfterMs = 24LL * 3600 * 1000;
constexpr std::size_t kExcerptBytes = 300;

// Commerceup's error replies are {"status":"error","message":".."}; use the message when
// there is one, else the start of the body.
std::string reply_message(const std::string& body) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (!ec && v.is_object())
    if (auto* m = v.get_object().if_contains("message"); m && m->is_string())
      return std::string(std::string_view(m->get_string()).substr(0, kExcerptBytes));
  std::string excerpt = body.substr(0, kExcerptBytes);
  for (char& c : excerpt)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return excerpt;
}

bool retryable_status(int status) {
  return status == 408 || status == 429 || status >= 500;
}

}  // namespace

std::optional<std::int64_t> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc::result_out_of_range || seconds > kMaxRetryAfterMs / 1000)
      return kMaxRetryAfterMs;
    return seconds * 1000;
  }
  // The IMF-fixdate of RFC 9110 ("Sun, 06 Nov 1994 08:49:37 GMT"), the whole text or nothing.
  const std::string text(value);
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const auto at_ms = static_cast<std::int64_t>(timegm(&tm)) * 1000;
  const auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  return std::clamp<std::int64_t>(at_ms - now_ms, 0, kMaxRetryAfterMs);
}

DeliveryResult classify_commerceup_reply(const http::Response& response,
                                         std::chrono::system_clock::time_point now) {
  switch (response.transport) {
    case http::Transport::not_sent:
      return DeliveryResult::failure(ResultClass::retryable,
                                     "Commerceup not reached: " + response.error);
    case http::Transport::sent_no_response:
      return DeliveryResult::failure(ResultClass::in_doubt,
                                     "no reply from Commerceup: " + response.error);
    case http::Transport::bad_request:
      return DeliveryResult::failure(ResultClass::permanent, "request not sent: " + response.error);
    case http::Transport::ok:
      break;
  }
  const int status = response.status;
  DeliveryResult r;
  r.http_status = status;
  if (status >= 200 && status < 300) {
    r.message = "Commerceup answered " + std::to_string(status);
    return r;
  }
  r.body_excerpt = response.body.substr(0, kExcerptBytes);
  r.message = "Commerceup answered " + std::to_string(status);
  if (auto detail = reply_message(response.body); !detail.empty()) r.message += ": " + detail;
  if (retryable_status(status)) {
    r.result_class = ResultClass::retryable;
    if (auto header = response.header("Retry-After"))
      if (auto wait = parse_retry_after(*header, now))
        r.retry_after = std::chrono::milliseconds(*wait);
  } else {
    r.result_class = ResultClass::permanent;
  }
  return r;
}

}  // namespace erpbridge::syncback
