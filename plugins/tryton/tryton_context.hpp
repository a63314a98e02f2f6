// What every flow works with: the settings, the JSON-RPC client (with the tenant's session),
// cached reference data, the sale workflow, and the host's log.
#pragma once

#include <erpbridge/plugin_abi.h>

#include <functional>
#include <string_view>

#include "json_rpc_client.hpp"
#include "reference_data.hpp"
#include "sale_workflow.hpp"
#include "tryton_settings.hpp"

namespace erpbridge::tryton {

using Log = std::function<void(erpb_log_level, std::string_view)>;

struct TrytonContext {
  const TrytonSettings& settings;
  JsonRpcClient& rpc;
  ReferenceData& reference;
  SaleWorkflow& workflow;
  Log log;
};

}  // namespace erpbridge::tryton
