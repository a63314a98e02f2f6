// The TLS settings of one endpoint as a Poco context of its own. Internal to erpbridge_http.
#pragma once

#include <Poco/Net/Context.h>

#include <string>

#include "http/endpoint_config.hpp"

namespace erpbridge::http {

// A client context for `host` alone. With verify on, the chain must lead to ca_file (or the
// system store when ca_file is empty) and the certificate must name `host`; nothing outside
// this context (Poco's SSLManager singleton and its certificate handlers) can relax that, so one
// tenant's settings never affect another's. Throws Poco::Exception if ca_file cannot be loaded.
Poco::Net::Context::Ptr make_client_tls_context(const TlsSettings& tls, const std::string& host);

}  // namespace erpbridge::http
