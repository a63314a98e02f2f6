// pull_changes for the rest connector: asks each configured feed of the ERP for what changed
// since its cursor and maps the replies into one changes document (docs/sync-back.md). The
// cursor the host stores is a JSON object of the feeds' own cursors, so feeds move on
// independently and a feed added later starts from its beginning.
#pragma once

#include <erpbridge/connector.hpp>

#include "rest_adapter.hpp"

namespace erpbridge::rest {

sdk::Result pull_changes(const RestSettings& settings, const sdk::PullRequest& request,
                         const sdk::Host& host);

}  // namespace erpbridge::rest
