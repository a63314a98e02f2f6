// A tenant's `connection:` map: how the host's HTTP client reaches the ERP. Internal.
#pragma once

#include "config/config_section.hpp"
#include "http/endpoint_config.hpp"

namespace erpbridge::config::detail {

const std::vector<std::string>& connection_keys();

http::EndpointConfig read_endpoint(const Section& connection);

// Fails at `section.key` unless `url` is scheme://host[:port][/path] with http or https, no
// credentials, query or fragment. Shared with other sections that name a URL (commerceup).
void check_base_url(const Section& section, const ExpandedText& url, std::string_view key);
http::TlsSettings read_tls(const Section& tls);

}  // namespace erpbridge::config::detail
