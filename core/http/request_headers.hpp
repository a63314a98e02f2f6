// The headers every ERP request carries: the endpoint's defaults, the request's own, and the
// tenant's credentials. Internal to erpbridge_http.
#pragma once

#include <string>

#include "http/endpoint_config.hpp"
#include "http/http_client.hpp"

namespace Poco::Net {
class HTTPRequest;
}

namespace erpbridge::http {

// Empty when every header name is a token and no value can break the header block.
std::string check_headers(const Headers& headers);

// Empty when the method is a valid HTTP token.
std::string check_method(const std::string& method);

// Order: endpoint defaults, then the request's headers (replacing defaults of the same name),
// then the auth headers last, so that a plugin cannot silently replace the tenant's configured
// credentials.
void apply_headers(Poco::Net::HTTPRequest& out, const EndpointConfig& endpoint,
                   const Headers& request_headers);

}  // namespace erpbridge::http
