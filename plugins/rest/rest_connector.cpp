// The plugin entry: the rest adapter behind the erpbridge C ABI. HTTP goes through the host
// (Host::send); everything else is RestAdapter.
#include <erpbridge/connector.hpp>

#include "rest_adapter.hpp"

namespace erpbridge::rest {

class RestConnector final : public sdk::Connector {
 public:
  RestConnector(sdk::Host host, const boost::json::object& settings)
      : host_(host), adapter_(settings) {}

  sdk::Result deliver(const sdk::Delivery& delivery) override {
    return adapter_.deliver(delivery, [this](const sdk::HttpRequest& r) { return host_.send(r); });
  }

  std::optional<sdk::Result> lookup(const sdk::Delivery& delivery) override {
    return adapter_.lookup(delivery, [this](const sdk::HttpRequest& r) { return host_.send(r); });
  }

 private:
  sdk::Host host_;
  RestAdapter adapter_;
};

}  // namespace erpbridge::rest

ERPBRIDGE_DECLARE_CONNECTOR(erpbridge::rest::RestConnector, "rest", "0.1.0",
                            "Generic REST adapter: JSON or XML HTTP ERPs by tenant config and "
                            "Lua 5.4 mappings",
                            true)
