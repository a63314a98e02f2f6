// The `type: ... username/password/token` maps used both for `connection.auth` (how we call
// the ERP) and for each `inbound` credential (how Commerceup calls us). Internal.
#pragma once

#include "config/config_section.hpp"
#include "config/inbound_credential.hpp"
#include "http/endpoint_config.hpp"

namespace erpbridge::config::detail {

// Keys an auth map may hold.
const std::vector<std::string>& auth_keys();

// `allow_none`: an ERP may need no auth; an inbound credential must prove something.
http::Auth read_auth(const Section& auth, bool allow_none);

// A list of credentials callers may present (`inbound:`, `commerceup.push.credentials`):
// at least one, none of type `none`. `what` says who presents them, for the empty-list error.
std::vector<InboundCredential> read_credential_list(const Section& parent, std::string_view key,
                                                    std::string_view what);

}  // namespace erpbridge::config::detail
