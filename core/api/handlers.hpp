// The request handlers, one job each. A handler runs after routing and authentication: for
// tenant routes `request.tenant` is the authenticated tenant, and every store access is
// scoped to it. Handlers return error replies as values; the dispatcher catches the rest.
#pragma once

#include "api/api_context.hpp"
#include "api/api_exchange.hpp"

namespace erpbridge::api {

// facade_handler.cpp: Commerceup's "How to integrate any ERP" contract.
ApiReply create_customer(const ApiRequest& request, ApiContext& context);
ApiReply create_order(const ApiRequest& request, ApiContext& context);
ApiReply cancel_order(const ApiRequest& request, ApiContext& context);
ApiReply return_order(const ApiRequest& request, ApiContext& context);

// events_handler.cpp: the native API.
ApiReply post_event(const ApiRequest& request, ApiContext& context);
ApiReply get_event(const ApiRequest& request, ApiContext& context);

// erp_push_handler.cpp: sync back, the ERP pushes stock and order status for Commerceup.
ApiReply push_inventory(const ApiRequest& request, ApiContext& context);
ApiReply push_order_status(const ApiRequest& request, ApiContext& context);

// dead_letters_handler.cpp
ApiReply list_dead_letters(const ApiRequest& request, ApiContext& context);
ApiReply replay_dead_letter(const ApiRequest& request, ApiContext& context);

// admin_handler.cpp: probes, metrics and operations.
ApiReply healthz(const ApiRequest& request, ApiContext& context);
ApiReply readyz(const ApiRequest& request, ApiContext& context);
ApiReply metrics(const ApiRequest& request, ApiContext& context);
ApiReply list_tenants(const ApiRequest& request, ApiContext& context);
ApiReply list_plugins(const ApiRequest& request, ApiContext& context);
ApiReply reload(const ApiRequest& request, ApiContext& context);

}  // namespace erpbridge::api
