// The Tryton adapter without the C ABI: one per tenant. Routes each event to its flow and owns
// what the flows share (the session, the JSON-RPC client, cached reference data). HTTP and log
// lines go through the sdk::Host it is given: the host's in the plugin, the SDK's fake host in
// unit tests.
#pragma once

#include <erpbridge/connector.hpp>

#include <boost/json/object.hpp>

#include <chrono>

#include "json_rpc_client.hpp"
#include "pull_flow.hpp"
#include "reference_data.hpp"
#include "sale_workflow.hpp"
#include "session.hpp"
#include "tryton_context.hpp"
#include "tryton_settings.hpp"

namespace erpbridge::tryton {

class TrytonAdapter {
 public:
  // Throws sdk::SettingsError for bad settings. Does no I/O.
  TrytonAdapter(const boost::json::object& settings, sdk::Host host,
                std::chrono::milliseconds login_refusal_hold = std::chrono::seconds(60));

  sdk::Result deliver(const sdk::Delivery& delivery);
  sdk::Result lookup(const sdk::Delivery& delivery);
  // Stock quantities and sale states changed since the cursor (README.md, "Pull").
  sdk::Result pull(const sdk::PullRequest& request) { return pull_.pull(request); }

  const Session& session() const { return session_; }

 private:
  TrytonSettings settings_;
  Session session_;
  JsonRpcClient rpc_;
  ReferenceData reference_;
  SaleWorkflow workflow_;
  TrytonContext context_;
  ChangePull pull_{context_};
};

}  // namespace erpbridge::tryton
