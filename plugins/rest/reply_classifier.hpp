// What the transport outcome and HTTP status of an ERP exchange mean, before the body is read
// (README.md, "Result classification"): not sent -> retryable, no response -> in_doubt,
// 408/429/5xx -> retryable (honouring Retry-After), any other non-2xx -> permanent.
#pragma once

#include <erpbridge/connector.hpp>
#include <erpbridge/http_result.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace erpbridge::rest {

constexpr std::size_t kBodyExcerptBytes = 512;

inline bool is_success_status(int status) {
  return status >= 200 && status < 300;
}

// The result for an exchange that did not succeed (transport failure or non-2xx), with the
// ERP's own `erp_message` when one was found; nullopt for a 2xx.
std::optional<sdk::Result> classify_failure(const sdk::HttpResponse& response,
                                            std::string_view erp_message,
                                            std::chrono::system_clock::time_point now);

// Adds http_status and body_excerpt (at most kBodyExcerptBytes of the ERP's reply).
sdk::Result& with_exchange(sdk::Result& result, const sdk::HttpResponse& response);

// Milliseconds to wait from a Retry-After value: the SDK's one rule (delay-seconds or any
// HTTP-date form, capped at a day).
using sdk::parse_retry_after;

}  // namespace erpbridge::rest
