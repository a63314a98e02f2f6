// What every handler may use: the service behind the API. Shared by all request threads.
#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "service/event_service.hpp"

namespace erpbridge::api {

struct ApiContext {
  explicit ApiContext(service::EventService& s) : service(s) {}
  service::EventService& service;
  // One reload at a time, whether from SIGHUP or POST /v1/admin/reload.
  std::mutex reload_mutex;
  // What the server itself reloads after the service did (the TLS certificates): why it
  // failed, or empty. Unset: nothing.
  std::function<std::string()> after_reload;
};

// The service's reload and then the server's (after_reload), as one report. Call it holding
// reload_mutex.
inline service::ReloadReport reload_all(ApiContext& context) {
  service::ReloadReport report = context.service.reload();
  if (!report.ok || !context.after_reload) return report;
  if (std::string problem = context.after_reload(); !problem.empty()) {
    report.ok = false;
    report.message = std::move(problem);
  }
  return report;
}

}  // namespace erpbridge::api
