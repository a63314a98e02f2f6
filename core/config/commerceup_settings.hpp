// A tenant's `commerceup:` section: how erpbridge writes stock and order status back to the
// tenant's Commerceup store through its open API, and how changes reach erpbridge from the
// ERP (pushed to /v1/erp/..., or pulled by the host). docs/sync-back.md describes the flow.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

#include "config/inbound_credential.hpp"
#include "http/endpoint_config.hpp"

namespace erpbridge::config {

// What the ERP sends to POST /v1/erp/inventory and /v1/erp/order-status.
enum class PushShape {
  canonical,  // the changes JSON of docs/sync-back.md
  adapter,    // the ERP's own shape, translated by the tenant's connector (translate_push)
};

struct ErpPushSettings {
  PushShape shape = PushShape::canonical;
  // Who may push for this tenant. Distinct from `inbound:` (Commerceup's credential): an ERP
  // must not be able to create orders, nor Commerceup to set stock.
  std::vector<InboundCredential> credentials;
  int line = 0;  // of `push:`
};

struct PullSettings {
  bool enabled = false;  // `pull:` is present
  std::chrono::milliseconds interval{30000};
  int limit = 500;  // most changes asked for in one pull
  int line = 0;     // of `pull:`
};

struct CommerceupSettings {
  bool enabled = false;  // the tenant has a `commerceup:` section
  // base_url is "<configured base_url>/<tenant id>" (Commerceup's /v1/{projecthash}/);
  // auth is AuthKind::api_key (header x-api-key).
  http::EndpointConfig endpoint;
  std::size_t inventory_batch_size = 100;  // most SKUs in one bulkinventory call
  ErpPushSettings push;
  PullSettings pull;
  int line = 0;  // of `commerceup:`
};

}  // namespace erpbridge::config
