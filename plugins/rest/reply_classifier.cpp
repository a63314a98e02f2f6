#include "reply_classifier.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <vector>

#include "text_encoding.hpp"
#include "timestamp_format.hpp"

namespace erpbridge::rest {
namespace {

constexpr std::int64_t kMaxRetryAfterSeconds = 7 * 24 * 3600;

bool is_retryable_status(int status) {
  return status == 408 || status == 429 || status >= 500;
}

std::string with_detail(std::string message, std::string_view detail) {
  if (!detail.empty()) message.append(": ").append(utf8_excerpt(detail, 256));
  return message;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

int month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < kMonths.size(); ++i)
    if (kMonths[i] == name) return static_cast<int>(i) + 1;
  return 0;
}

int to_int(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// The three HTTP-date forms share their parts in different orders: find the month name, the
// hh:mm:ss token, and two numbers (day first, then year).
std::optional<std::int64_t> parse_http_date(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ' || text[i] == ',' || text[i] == '-') {
      if (i > start) tokens.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  int month = 0, hour = -1, minute = 0, second = 0;
  std::vector<std::string_view> numbers;
  for (auto token : tokens) {
    if (int m = month_number(token)) {
      month = m;
    } else if (token.size() == 8 && token[2] == ':' && token[5] == ':') {
      if (!all_digits(token.substr(0, 2)) || !all_digits(token.substr(3, 2)) ||
          !all_digits(token.substr(6, 2)))
        return std::nullopt;
      hour = to_int(token.substr(0, 2));
      minute = to_int(token.substr(3, 2));
      second = to_int(token.substr(6, 2));
    } else if (all_digits(token)) {
      numbers.push_back(token);
    }
  }
  if (month == 0 || hour < 0 || numbers.size() != 2) return std::nullopt;
  int day = to_int(numbers[0]);
  int year = to_int(numbers[1]);
  if (numbers[1].size() == 2) year += year < 70 ? 2000 : 1900;
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

}  // namespace

std::optional<std::int64_t> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (all_digits(value)) {
    std::int64_t seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc::result_out_of_range || seconds > kMaxRetryAfterSeconds)
      seconds = kMaxRetryAfterSeconds;
    return seconds * 1000;
  }
  auto at = parse_http_date(value);
  if (!at) return std::nullopt;
  auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::int64_t wait = *at * 1000 - now_ms;
  return std::clamp<std::int64_t>(wait, 0, kMaxRetryAfterSeconds * 1000);
}

sdk::Result& with_exchange(sdk::Result& result, const sdk::HttpResponse& response) {
  result.with("http_status", response.ok_transport() ? response.status : 0);
  result.with("body_excerpt", response.ok_transport()
                                  ? utf8_excerpt(response.body, kBodyExcerptBytes)
                                  : std::string());
  return result;
}

std::optional<sdk::Result> classify_failure(const sdk::HttpResponse& response,
                                            std::string_view erp_message,
                                            std::chrono::system_clock::time_point now) {
  using sdk::ResultClass;
  sdk::Result result;
  switch (response.transport) {
    case ERPB_TRANSPORT_OK:
      break;
    case ERPB_TRANSPORT_NOT_SENT:
      result = sdk::Result::failure(ResultClass::retryable,
                                    with_detail("could not reach the ERP", response.error));
      return with_exchange(result, response);
    case ERPB_TRANSPORT_SENT_NO_RESPONSE:
      result = sdk::Result::failure(
          ResultClass::in_doubt,
          with_detail("the ERP did not answer, so the outcome is unknown", response.error));
      return with_exchange(result, response);
    default:
      result = sdk::Result::failure(ResultClass::invalid,
                                    with_detail("the request could not be sent", response.error));
      return with_exchange(result, response);
  }
  int status = response.status;
  if (is_success_status(status)) return std::nullopt;
  std::string message = "ERP answered HTTP " + std::to_string(status);
  if (is_retryable_status(status)) {
    result = sdk::Result::failure(ResultClass::retryable, with_detail(message, erp_message));
    if (auto header = response.header("Retry-After"))
      if (auto wait = parse_retry_after(*header, now)) result.with("retry_after_ms", *wait);
  } else {
    result = sdk::Result::failure(ResultClass::permanent, with_detail(message, erp_message));
  }
  return with_exchange(result, response);
}

}  // namespace erpbridge::rest
