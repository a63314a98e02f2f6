#include "pipeline/result_json.hpp"

#include <boost/json/serialize.hpp>

namespace erpbridge::pipeline {

boost::json::object result_to_json(const DeliveryResult& r) {
  boost::json::object out;
  out["class"] = to_string(r.result_class);
  if (r.erp_id) out["erp_id"] = *r.erp_id;
  if (r.success) out["success"] = *r.success;
  if (!r.line_erp_ids.empty()) {
    boost::json::object lines;
    for (const auto& [ours, erp] : r.line_erp_ids) lines[ours] = erp;
    out["line_erp_ids"] = std::move(lines);
  }
  if (!r.message.empty()) out["message"] = r.message;
  if (r.http_status) out["http_status"] = r.http_status;
  if (!r.body_excerpt.empty()) out["body_excerpt"] = r.body_excerpt;
  if (r.retry_after) out["retry_after_ms"] = r.retry_after->count();
  if (r.found) out["found"] = *r.found;
  return out;
}

std::string result_json_text(const DeliveryResult& result) {
  return boost::json::serialize(result_to_json(result));
}

}  // namespace erpbridge::pipeline
