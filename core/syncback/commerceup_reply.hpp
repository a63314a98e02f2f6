// How a reply of Commerceup's open API is classified (docs/sync-back.md, failure behaviour):
// 2xx ok; 408, 429 and 5xx retryable (with Retry-After); any other status permanent; not sent
// retryable; sent without a reply in doubt. The message never holds the API key.
#pragma once

#include <chrono>

#include "common/delivery_result.hpp"
#include "http/http_client.hpp"

namespace erpbridge::syncback {

DeliveryResult classify_commerceup_reply(const http::Response& response,
                                         std::chrono::system_clock::time_point now);

}  // namespace erpbridge::syncback
