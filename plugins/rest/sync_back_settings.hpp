// The tenant's optional `pull:` and `push:` settings: how this connector brings the ERP's stock
// and order-status changes back to Commerceup (docs/sync-back.md, README.md "Sync back").
// Parsed by the main settings parser so their templates and mappings join the connector's one
// Lua program.
#pragma once

#include <erpbridge/settings.hpp>

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rest_settings.hpp"

namespace erpbridge::rest {

// One pull feed: a request to the ERP and the mapping that turns its reply into changes.
struct PullFeed {
  std::string name;    // its key under `pull:`, also its key in the cursor
  EventSpec exchange;  // the request and its format, in the shape build_request() takes
  int changes_chunk = -1;
};

// How a pushed body of one kind becomes changes.
struct PushMapping {
  std::string kind;  // inventory | order_status
  Format format = Format::json;
  int changes_chunk = -1;
};

struct SyncBackSettings {
  std::vector<PullFeed> feeds;      // empty: pull is not configured for this tenant
  std::vector<PushMapping> pushes;  // empty: push translation is not configured
  int reject_helper_chunk = -1;     // defines reject(field, message) in a mapping's environment
  int rejection_chunk = -1;         // what reject() recorded, or {}

  const PushMapping* push_for(std::string_view kind) const;
};

// What the sync-back parser borrows from the main settings parser.
struct SettingsHooks {
  std::function<int(const std::string& pointer, std::string code, ChunkKind kind)> add_chunk;
  // method, path, query, headers (tenant-wide ones included), timeout_ms of `section`.
  std::function<RequestSpec(const sdk::SettingsReader& section, std::string_view default_method)>
      request;
};

// The keys of one feed under `pull:` and of one kind under `push:`, for docs.
std::span<const sdk::Setting> pull_feed_settings_schema();
std::span<const sdk::Setting> push_settings_schema();

// nullptr when the settings have neither `pull:` nor `push:`. Throws sdk::SettingsError.
std::shared_ptr<const SyncBackSettings> parse_sync_back_settings(const sdk::SettingsReader& top,
                                                                 Format default_format,
                                                                 const SettingsHooks& hooks);

}  // namespace erpbridge::rest
