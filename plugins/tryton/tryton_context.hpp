// What every flow works with: the settings, the JSON-RPC client (with the tenant's session),
// cached reference data, the sale workflow, and the host (for its log).
#pragma once

#include <erpbridge/connector.hpp>

#include <string_view>

#include "json_rpc_client.hpp"
#include "reference_data.hpp"
#include "sale_workflow.hpp"
#include "tryton_settings.hpp"

namespace erpbridge::tryton {

struct TrytonContext {
  const TrytonSettings& settings;
  JsonRpcClient& rpc;
  ReferenceData& reference;
  SaleWorkflow& workflow;
  sdk::Host host;

  // One log line through the host, attributed to the tenant.
  void log(erpb_log_level level, std::string_view message) const { host.log(level, message); }
};

}  // namespace erpbridge::tryton
