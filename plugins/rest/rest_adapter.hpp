// The generic REST adapter without the plugin boundary: settings in, and for each delivery
// build the request, send it through `host`, classify the reply. This is the delivery flow and
// the lookup flow of every event type at once (the tenant's settings say what differs per
// type). The plugin entry (rest_plugin.cpp) passes the host; tests pass the SDK's fake host.
#pragma once

#include <erpbridge/connector.hpp>

#include <boost/json/object.hpp>

#include <chrono>

#include "lua_runtime.hpp"
#include "rest_settings.hpp"

namespace erpbridge::rest {

class RestAdapter {
 public:
  // Throws sdk::SettingsError for invalid settings.
  explicit RestAdapter(const boost::json::object& settings);

  sdk::Result deliver(const sdk::Delivery& delivery, const sdk::Host& host) const;
  // Finds what an in-doubt delivery may have created, with the event's `lookup` request.
  sdk::Result lookup(const sdk::Delivery& delivery, const sdk::Host& host) const;

  const RestSettings& settings() const { return settings_; }

  // The classification steps, for tests.
  sdk::Result interpret_delivery_reply(const EventSpec& event, const sdk::HttpResponse& response,
                                       LuaSession& lua,
                                       std::chrono::system_clock::time_point now) const;
  sdk::Result interpret_lookup_reply(const EventSpec& event, const sdk::HttpResponse& response,
                                     std::chrono::system_clock::time_point now) const;

 private:
  // The event's settings, or the result that ends the delivery (unknown type).
  const EventSpec* event_for(const sdk::Delivery& delivery, sdk::Result& refusal) const;
  LuaSession session_for(const sdk::Delivery& delivery) const;
  std::string erp_message(const EventSpec& event, const sdk::HttpResponse& response) const;

  RestSettings settings_;
};

}  // namespace erpbridge::rest
