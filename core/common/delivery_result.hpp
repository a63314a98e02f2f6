// The classified outcome of handing an event to an ERP (DESIGN.md principle 8).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace erpbridge {

enum class ResultClass { ok, invalid, retryable, permanent, in_doubt };

const char* to_string(ResultClass c);

struct DeliveryResult {
  ResultClass result_class = ResultClass::ok;
  std::optional<std::string> erp_id;                // create events
  std::optional<bool> success;                      // cancel / return
  std::map<std::string, std::string> line_erp_ids;  // our line_id -> ERP line id
  std::string message;                              // short, no secrets
  int http_status = 0;                              // the ERP's status, 0 when none
  std::string body_excerpt;                         // bounded excerpt of the ERP's reply
  std::optional<std::chrono::milliseconds> retry_after;
  std::optional<bool> found;  // lookups only

  bool ok() const { return result_class == ResultClass::ok; }
  static DeliveryResult failure(ResultClass c, std::string message) {
    DeliveryResult r;
    r.result_class = c;
    r.message = std::move(message);
    return r;
  }
};

}  // namespace erpbridge
