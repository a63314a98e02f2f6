// The plugin entry: the rest adapter behind the erpbridge C ABI. HTTP goes through the host
// (Host::send); deliveries and lookups are RestAdapter, sync back is pull_flow and push_flow.
#include <erpbridge/connector.hpp>
#include <erpbridge/settings.hpp>

#include "pull_flow.hpp"
#include "push_flow.hpp"
#include "rest_adapter.hpp"

namespace erpbridge::rest {

class RestConnector final : public sdk::Connector {
 public:
  // Static per plugin: a tenant without `pull:` / `push:` settings gets a clear `invalid`.
  static constexpr unsigned erpbridge_capabilities = sdk::kCanPull | sdk::kCanTranslatePush;
  // What check-config --list-settings prints (ABI 1.3).
  static std::span<const sdk::Setting> erpbridge_settings() { return rest_settings_schema(); }

  RestConnector(sdk::Host host, const boost::json::object& settings)
      : host_(host), adapter_(settings) {}

  sdk::Result deliver(const sdk::Delivery& delivery) override {
    return adapter_.deliver(delivery, host_);
  }

  std::optional<sdk::Result> lookup(const sdk::Delivery& delivery) override {
    return adapter_.lookup(delivery, host_);
  }

  sdk::Result pull(const sdk::PullRequest& request) override {
    return pull_changes(adapter_.settings(), request, host_);
  }

  sdk::Result translate_push(const sdk::PushBody& body) override {
    return rest::translate_push(adapter_.settings(), body);
  }

 private:
  sdk::Host host_;
  RestAdapter adapter_;
};

}  // namespace erpbridge::rest

ERPBRIDGE_DECLARE_CONNECTOR(erpbridge::rest::RestConnector, "rest", "0.1.0",
                            "Generic REST adapter: JSON or XML HTTP ERPs by tenant config and "
                            "Lua 5.4 mappings")
