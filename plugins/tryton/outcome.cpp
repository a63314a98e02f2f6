#include "outcome.hpp"

namespace erpbridge::tryton {

sdk::Result Failure::to_result() const {
  auto result = sdk::Result::failure(result_class, message);
  if (http_status != 0) result.with("http_status", http_status);
  if (retry_after_ms) result.with("retry_after_ms", *retry_after_ms);
  if (!body_excerpt.empty()) result.with("body_excerpt", body_excerpt);
  return result;
}

}  // namespace erpbridge::tryton
