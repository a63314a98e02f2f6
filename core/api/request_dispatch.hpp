// One request from arrival to reply: route, authenticate (tenant credential, webhook
// signature, or admin token), run the handler. Exceptions stop here and become a 500 that
// says nothing about the cause; the cause goes to the log.
#pragma once

#include "api/api_context.hpp"
#include "api/api_exchange.hpp"

namespace erpbridge::api {

// `request.path` must be the raw (percent-encoded) path; `request.format` is set by the caller.
ApiReply dispatch(ApiRequest& request, ApiContext& context) noexcept;

}  // namespace erpbridge::api
