#include "syncback/commerceup_reply.hpp"

#include <erpbridge/http_result.hpp>

#include <boost/json/parse.hpp>

#include <string>

namespace erpbridge::syncback {

namespace {

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

}  // namespace

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
  // The same status and Retry-After rule the host applies to every ERP reply (ABI 1.2).
  if (sdk::is_retryable_status(status)) {
    r.result_class = ResultClass::retryable;
    if (auto header = response.header("Retry-After"))
      if (auto wait = sdk::parse_retry_after(*header, now))
        r.retry_after = std::chrono::milliseconds(*wait);
  } else {
    r.result_class = ResultClass::permanent;
  }
  return r;
}

}  // namespace erpbridge::syncback
