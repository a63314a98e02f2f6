// The one rule that turns an HTTP exchange into a result class, and the one Retry-After parser
// (delta-seconds and HTTP-date, capped at a day). The host includes this header too: from ABI
// 1.2 it classifies every reply by this rule and hands the answer to the plugin in
// erpb_http_response (result_class, retry_after_ms), so host and plugins cannot disagree.
// Depends on plugin_abi.h and the standard library only.
#pragma once

#include <erpbridge/plugin_abi.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace erpbridge::sdk {

// The longest wait a Retry-After may ask for; a longer one (or a date further ahead) is cut to
// it, matching the longest duration the configuration accepts.
inline constexpr std::int64_t kMaxRetryAfterMs = 24LL * 3600 * 1000;

namespace detail {

inline bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline int two_digits(std::string_view text) {
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
constexpr std::int64_t days_since_epoch(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Seconds since the epoch of an HTTP-date in any of RFC 9110's three forms (IMF-fixdate,
// RFC 850, asctime). They share their parts in different orders: a month name, hh:mm:ss and
// two numbers (day first, then year).
inline std::optional<std::int64_t> parse_http_date(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int month = 0, hour = -1, minute = 0, second = 0;
  std::vector<std::string_view> numbers;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != ' ' && text[i] != ',' && text[i] != '-') continue;
    const std::string_view token = text.substr(start, i - start);
    start = i + 1;
    if (token.empty()) continue;
    if (auto m = std::find(kMonths.begin(), kMonths.end(), token); m != kMonths.end()) {
      month = static_cast<int>(m - kMonths.begin()) + 1;
    } else if (token.size() == 8 && token[2] == ':' && token[5] == ':') {
      if (!all_digits(token.substr(0, 2)) || !all_digits(token.substr(3, 2)) ||
          !all_digits(token.substr(6, 2)))
        return std::nullopt;
      hour = two_digits(token.substr(0, 2));
      minute = two_digits(token.substr(3, 2));
      second = two_digits(token.substr(6, 2));
    } else if (all_digits(token)) {
      numbers.push_back(token);
    }
  }
  if (month == 0 || hour < 0 || numbers.size() != 2 || numbers[1].size() > 4) return std::nullopt;
  const int day = two_digits(numbers[0]);
  int year = two_digits(numbers[1]);
  if (numbers[1].size() == 2) year += year < 70 ? 2000 : 1900;
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return days_since_epoch(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

}  // namespace detail

// A Retry-After value as milliseconds to wait from `now`: delta-seconds or an HTTP-date, capped
// at kMaxRetryAfterMs (a date in the past is 0). nullopt when the value is neither.
inline std::optional<std::int64_t> parse_retry_after(std::string_view value,
                                                     std::chrono::system_clock::time_point now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (detail::all_digits(value)) {
    std::int64_t seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc::result_out_of_range || seconds > kMaxRetryAfterMs / 1000)
      return kMaxRetryAfterMs;
    return seconds * 1000;
  }
  const auto at = detail::parse_http_date(value);
  if (!at) return std::nullopt;
  const auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  return std::clamp<std::int64_t>(*at * 1000 - now_ms, 0, kMaxRetryAfterMs);
}

// 408 Request Timeout, 429 Too Many Requests and every 5xx: nothing was done, try later.
constexpr bool is_retryable_status(int status) {
  return status == 408 || status == 429 || status >= 500;
}

// How one HTTP exchange ends, before the adapter reads the body.
struct HttpClassification {
  erpb_result_class result_class = ERPB_RESULT_OK;
  std::optional<std::int64_t> retry_after_ms;  // only for retryable statuses
};

// The common rule: not sent -> retryable; sent without an answer -> in doubt (it may have been
// applied); unusable request -> invalid; 2xx -> ok; 408, 429, 5xx -> retryable with the
// Retry-After wait; any other status -> permanent. `retry_after` is the header's value, if any.
inline HttpClassification classify_http(erpb_transport_status transport, int status,
                                        std::optional<std::string_view> retry_after,
                                        std::chrono::system_clock::time_point now) {
  switch (transport) {
    case ERPB_TRANSPORT_OK:
      break;
    case ERPB_TRANSPORT_NOT_SENT:
      return {ERPB_RESULT_RETRYABLE, std::nullopt};
    case ERPB_TRANSPORT_SENT_NO_RESPONSE:
      return {ERPB_RESULT_IN_DOUBT, std::nullopt};
    default:
      return {ERPB_RESULT_INVALID, std::nullopt};
  }
  if (status >= 200 && status <= 299) return {ERPB_RESULT_OK, std::nullopt};
  if (!is_retryable_status(status)) return {ERPB_RESULT_PERMANENT, std::nullopt};
  HttpClassification out{ERPB_RESULT_RETRYABLE, std::nullopt};
  if (retry_after) out.retry_after_ms = parse_retry_after(*retry_after, now);
  return out;
}

}  // namespace erpbridge::sdk
