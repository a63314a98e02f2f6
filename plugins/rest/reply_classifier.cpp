#include "reply_classifier.hpp"

#include "text_encoding.hpp"

namespace erpbridge::rest {
namespace {

std::string with_detail(std::string message, std::string_view detail) {
  if (!detail.empty()) message.append(": ").append(utf8_excerpt(detail, 256));
  return message;
}

}  // namespace

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
  if (sdk::is_retryable_status(status)) {
    result = sdk::Result::failure(ResultClass::retryable, with_detail(message, erp_message));
    if (auto header = response.header("Retry-After"))
      if (auto wait = parse_retry_after(*header, now)) result.with("retry_after_ms", *wait);
  } else {
    result = sdk::Result::failure(ResultClass::permanent, with_detail(message, erp_message));
  }
  return with_exchange(result, response);
}

}  // namespace erpbridge::rest
