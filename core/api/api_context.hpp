// What every handler may use: the service behind the API. Shared by all request threads.
#pragma once

#include <mutex>

#include "service/event_service.hpp"

namespace erpbridge::api {

struct ApiContext {
  explicit ApiContext(service::EventService& s) : service(s) {}
  service::EventService& service;
  // One reload at a time, whether from SIGHUP or POST /v1/admin/reload.
  std::mutex reload_mutex;
};

}  // namespace erpbridge::api
