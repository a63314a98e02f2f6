// The pull of changes (ABI 1.1 pull_changes): stock quantities, then sale states, since the
// cursor, as one changes JSON with the next cursor. Owns what pulls share: the warehouse id,
// resolved from pull.warehouse once.
#pragma once

#include <erpbridge/connector.hpp>

#include <cstdint>
#include <mutex>
#include <optional>

#include "outcome.hpp"
#include "pull_cursor.hpp"
#include "tryton_context.hpp"

namespace erpbridge::tryton {

class ChangePull {
 public:
  explicit ChangePull(TrytonContext& context) : t_(context) {}

  sdk::Result pull(const sdk::PullRequest& request);

 private:
  Expected<std::int64_t> warehouse();
  // Where a tenant's first pull starts: pull.since, or the newest change now.
  Expected<PullCursor> first_cursor();

  TrytonContext& t_;
  std::mutex mutex_;  // one pull at a time per connector; guards warehouse_
  std::optional<std::int64_t> warehouse_;
};

}  // namespace erpbridge::tryton
