#include "api/event_status.hpp"

#include <boost/json/parse.hpp>

#include <cstdio>
#include <ctime>

#include "api/url_encoding.hpp"

namespace erpbridge::api {

std::string status_url(const std::string& event_id) {
  return "/v1/events/" + percent_encode_segment(event_id);
}

std::string utc_timestamp(std::int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(unix_ms % 1000));
  return text;
}

std::string utc_timestamp(std::chrono::system_clock::time_point t) {
  return utc_timestamp(
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

bool is_final(store::EventState state) {
  return state == store::EventState::delivered || state == store::EventState::dead;
}

boost::json::object event_status_json(const store::OutboxEvent& e) {
  boost::json::object out;
  out["event_id"] = e.event_id;
  out["event_type"] = e.event_type;
  out["tenant"] = e.tenant;
  out["state"] = store::to_string(e.state);
  out["attempts"] = e.attempts;
  // The store records the class of failed attempts; a delivered event's last one was "ok".
  out["last_class"] =
      e.last_class == store::LastClass::none && e.state == store::EventState::delivered
          ? "ok"
          : store::to_string(e.last_class);
  out["last_error"] = e.last_error;
  if (e.erp_id) {
    out["erp_id"] = *e.erp_id;
  } else {
    out["erp_id"] = nullptr;
  }
  out["accepted_at"] = utc_timestamp(e.accepted_at_ms);
  out["updated_at"] = utc_timestamp(e.updated_at_ms);
  out["status_url"] = status_url(e.event_id);
  if (is_final(e.state) && !e.result_json.empty()) {
    std::error_code ec;
    auto result = boost::json::parse(e.result_json, ec);
    if (!ec && result.is_object()) out["result"] = std::move(result);
  }
  return out;
}

}  // namespace erpbridge::api
