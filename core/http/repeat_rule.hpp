// When the client may repeat a request by itself: only when a second copy cannot do harm
// (RFC 9110 section 9.2.2). Internal to erpbridge_http.
#pragma once

#include "http/endpoint_config.hpp"
#include "http/http_client.hpp"

namespace erpbridge::http {

// True when `request`, already written to a connection that then closed without any reply
// byte, may be sent again on a new connection: the caller marked it safe, or (by default) its
// method is idempotent, or it carries the idempotency key header the tenant declares the ERP
// honours.
bool may_repeat(const Request& request, const EndpointConfig& endpoint);

}  // namespace erpbridge::http
