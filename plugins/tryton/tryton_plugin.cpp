// The plugin entry: the Tryton adapter behind the erpbridge C ABI. Everything is TrytonAdapter,
// which sends HTTP and log lines through the sdk::Host it is given.
#include <erpbridge/connector.hpp>
#include <erpbridge/settings.hpp>

#include "tryton_adapter.hpp"

namespace erpbridge::tryton {

class TrytonConnector final : public sdk::Connector {
 public:
  static constexpr unsigned erpbridge_capabilities = sdk::kCanPull;
  // What check-config --list-settings prints (ABI 1.3).
  static std::span<const sdk::Setting> erpbridge_settings() { return tryton_settings_schema(); }

  TrytonConnector(sdk::Host host, const boost::json::object& settings) : adapter_(settings, host) {}

  sdk::Result deliver(const sdk::Delivery& delivery) override { return adapter_.deliver(delivery); }

  std::optional<sdk::Result> lookup(const sdk::Delivery& delivery) override {
    return adapter_.lookup(delivery);
  }

  sdk::Result pull(const sdk::PullRequest& request) override { return adapter_.pull(request); }

 private:
  TrytonAdapter adapter_;
};

}  // namespace erpbridge::tryton

ERPBRIDGE_DECLARE_CONNECTOR(
    erpbridge::tryton::TrytonConnector, "tryton", "0.1.0",
    "Tryton 6.0 over JSON-RPC: parties, sales, cancellations, returns; pulls stock and "
    "sale states")
