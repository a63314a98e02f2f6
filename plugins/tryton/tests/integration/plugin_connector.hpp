// A tenant's connector as the host holds it (plugin::ConnectorInstance: the plugin loaded by
// the host's registry, the host's services table and HTTP client), with the two calls the sync
// back makes of it: deliver (to make sales) and pull_changes. Tests of the pull use it before
// the host's poller does; a test of the whole path goes through `erpbridge serve` instead.
#pragma once

#include <boost/json.hpp>

#include <memory>
#include <optional>
#include <string>

#include "common/delivery_result.hpp"
#include "http/endpoint_config.hpp"
#include "plugin/connector_instance.hpp"
#include "plugin/loaded_plugin.hpp"

namespace erpbridge::testing {

// What pull_changes answered: its class, and the changes JSON (on ok) or {"message", "field"}.
struct PullAnswer {
  ResultClass result_class = ResultClass::permanent;
  boost::json::object body;

  bool ok() const { return result_class == ResultClass::ok; }
  std::string text() const { return boost::json::serialize(body); }
};

class PluginConnector {
 public:
  // Throws std::runtime_error with the plugin's settings error when it refuses `settings`.
  PluginConnector(std::shared_ptr<plugin::LoadedPlugin> plugin, std::string tenant,
                  http::EndpointConfig erp, const boost::json::object& settings);

  // deliver() with {"event", "refs", "attempt": 1, "idempotency_key": "<tenant>:<event_id>"}.
  DeliveryResult deliver(const boost::json::value& event, boost::json::object refs = {});
  // pull_changes() with {"cursor": <cursor or null>, "limit": <limit>}.
  PullAnswer pull(const std::optional<std::string>& cursor, int limit);

  plugin::ConnectorInstance& instance() { return *instance_; }

 private:
  std::string tenant_;
  std::unique_ptr<plugin::ConnectorInstance> instance_;
};

}  // namespace erpbridge::testing
