// What an adapter operation ends with: a class the host acts on and the optional fields of the
// result JSON (plugin_abi.h). `Failure` is the same result as a value, for code that returns
// Expected<T>; `ConnectorError` is the same result as an exception, for code that throws.
#pragma once

#include <erpbridge/plugin_abi.h>

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace erpbridge::sdk {

enum class ResultClass {
  ok = ERPB_RESULT_OK,
  invalid = ERPB_RESULT_INVALID,
  retryable = ERPB_RESULT_RETRYABLE,
  permanent = ERPB_RESULT_PERMANENT,
  in_doubt = ERPB_RESULT_IN_DOUBT,
};

// What a delivery or lookup returns. `details` carries the optional fields of the result JSON
// (http_status, body_excerpt, retry_after_ms, line_erp_ids, found).
struct Result {
  ResultClass result_class = ResultClass::ok;
  boost::json::object details;

  static Result created(std::string erp_id) {
    Result r;
    r.details["erp_id"] = std::move(erp_id);
    return r;
  }
  static Result succeeded(bool success = true) {
    Result r;
    r.details["success"] = success;
    return r;
  }
  static Result failure(ResultClass cls, std::string message) {
    Result r;
    r.result_class = cls;
    r.details["message"] = std::move(message);
    return r;
  }
  static Result not_found() {
    Result r;
    r.details["found"] = false;
    return r;
  }
  Result& with(std::string_view key, boost::json::value value) {
    details[key] = std::move(value);
    return *this;
  }
  // Text that boost::json::value does not take implicitly (std::string, std::string_view).
  template <typename Text,
            std::enable_if_t<std::is_convertible_v<const Text&, std::string_view> &&
                                 !std::is_convertible_v<const Text&, boost::json::value>,
                             int> = 0>
  Result& with(std::string_view key, const Text& text) {
    const std::string_view view = text;
    details[key] = boost::json::string_view(view.data(), view.size());
    return *this;
  }
};

// A classified failure as a value: everything the host reads from a failed result.
struct Failure {
  ResultClass result_class = ResultClass::permanent;
  std::string message;
  int http_status = 0;                         // the ERP's HTTP status, when it answered
  std::optional<std::int64_t> retry_after_ms;  // from Retry-After, when retryable
  std::string body_excerpt;                    // the start of the ERP's reply

  Failure() = default;
  // A permanent failure: the common case of a step that cannot go on.
  Failure(std::string text) : message(std::move(text)) {}
  Failure(const char* text) : message(text) {}
  Failure(ResultClass cls, std::string text, int status = 0,
          std::optional<std::int64_t> retry_after = std::nullopt, std::string excerpt = {})
      : result_class(cls),
        message(std::move(text)),
        http_status(status),
        retry_after_ms(retry_after),
        body_excerpt(std::move(excerpt)) {}

  // The failure as the result the host sees.
  Result to_result() const {
    Result r = Result::failure(result_class, message);
    if (http_status != 0) r.with("http_status", http_status);
    if (retry_after_ms) r.with("retry_after_ms", *retry_after_ms);
    if (!body_excerpt.empty()) r.with("body_excerpt", body_excerpt);
    return r;
  }
};

inline Failure invalid(std::string message) {
  return Failure(ResultClass::invalid, std::move(message));
}
inline Failure permanent(std::string message) {
  return Failure(ResultClass::permanent, std::move(message));
}

// Thrown by adapter code to end an operation with a whole result; caught at the ABI boundary
// and turned into the result JSON (class, message, http_status, retry_after_ms, body_excerpt).
struct ConnectorError : std::runtime_error {
  ConnectorError(ResultClass cls, const std::string& message)
      : ConnectorError(Failure(cls, message)) {}
  explicit ConnectorError(Failure whole)
      : std::runtime_error(whole.message),
        result_class(whole.result_class),
        failure(std::move(whole)) {}
  ResultClass result_class;
  Failure failure;
};

}  // namespace erpbridge::sdk
