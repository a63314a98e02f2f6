#include "sync_back_settings.hpp"

#include <erpbridge/json_pointer.hpp>

#include <boost/json.hpp>

#include <array>

namespace erpbridge::rest {
namespace {

using sdk::Setting;
using sdk::SettingsReader;
using sdk::SettingType;

const Setting kFeedSettings[] = {
    {.key = "format", .description = "json or xml, over the top-level format"},
    {.key = "method", .description = "HTTP method (default GET)"},
    {.key = "path", .required = true, .description = "request target of the feed"},
    {.key = "query",
     .type = SettingType::mapping,
     .description = "query parameters, {{ }} templates (the cursor is {{cursor}})"},
    {.key = "headers", .type = SettingType::mapping, .description = "headers, {{ }} templates"},
    {.key = "timeout_ms",
     .type = SettingType::integer,
     .description = "read timeout in milliseconds",
     .min = 1,
     .max = 3'600'000},
    {.key = "changes",
     .required = true,
     .description = "Lua mapping: the ERP's reply -> changes, a cursor and `more`"},
};

const Setting kPushSettings[] = {
    {.key = "format", .description = "json or xml, over the top-level format"},
    {.key = "changes",
     .required = true,
     .description = "Lua mapping: the ERP's pushed body -> changes"},
};

constexpr std::array<std::string_view, 2> kPushKinds = {"inventory", "order_status"};

// Run before a mapping, in its environment. reject() ends the mapping and records which field
// of the ERP's document is at fault, which error() alone cannot carry past the sandbox.
constexpr const char* kRejectHelper = R"lua(
function reject(field, message)
  __rejected = { field = tostring(field), message = tostring(message or "is not valid") }
  error(__rejected.field .. ": " .. __rejected.message, 0)
end)lua";

int mapping(const SettingsReader& section, const SettingsHooks& hooks) {
  std::string code = section.string("changes");
  if (code.find_first_not_of(" \t\r\n") == std::string::npos)
    section.fail("changes", "must not be empty");
  return hooks.add_chunk(section.at("changes"), std::move(code), ChunkKind::body);
}

PullFeed feed(const SettingsReader& section, std::string_view name, Format default_format,
              const SettingsHooks& hooks) {
  PullFeed feed;
  feed.name = name;
  feed.exchange.type = "pull " + std::string(name);
  feed.exchange.format = parse_format(section, default_format);
  feed.exchange.request = hooks.request(section, "GET");
  feed.changes_chunk = mapping(section, hooks);
  return feed;
}

PushMapping push(const SettingsReader& section, std::string_view kind, Format default_format,
                 const SettingsHooks& hooks) {
  PushMapping push;
  push.kind = kind;
  push.format = parse_format(section, default_format);
  push.changes_chunk = mapping(section, hooks);
  return push;
}

}  // namespace

std::span<const sdk::Setting> pull_feed_settings_schema() {
  return kFeedSettings;
}

std::span<const sdk::Setting> push_settings_schema() {
  return kPushSettings;
}

const PushMapping* SyncBackSettings::push_for(std::string_view kind) const {
  for (const auto& mapping : pushes)
    if (mapping.kind == kind) return &mapping;
  return nullptr;
}

std::shared_ptr<const SyncBackSettings> parse_sync_back_settings(const SettingsReader& top,
                                                                 Format default_format,
                                                                 const SettingsHooks& hooks) {
  if (!top.has("pull") && !top.has("push")) return nullptr;
  auto settings = std::make_shared<SyncBackSettings>();
  if (const auto* node = top.find("pull")) {
    const std::string pointer = top.at("pull");
    if (node->get_object().empty())
      throw sdk::SettingsError(pointer, "configure at least one feed (like inventory:)");
    for (const auto& member : node->get_object())
      settings->feeds.push_back(feed(
          SettingsReader(member.value(), sdk::child_pointer(pointer, member.key()), kFeedSettings),
          member.key(), default_format, hooks));
  }
  if (const auto* node = top.find("push")) {
    const std::string pointer = top.at("push");
    if (node->get_object().empty())
      throw sdk::SettingsError(pointer, "configure inventory:, order_status: or both");
    for (const auto& member : node->get_object()) {
      const std::string at = sdk::child_pointer(pointer, member.key());
      if (member.key() != kPushKinds[0] && member.key() != kPushKinds[1])
        throw sdk::SettingsError(at, "unknown push kind '" + std::string(member.key()) +
                                         "' (known: inventory, order_status)");
      settings->pushes.push_back(push(SettingsReader(member.value(), at, kPushSettings),
                                      member.key(), default_format, hooks));
    }
  }
  settings->reject_helper_chunk = hooks.add_chunk("reject", kRejectHelper, ChunkKind::body);
  settings->rejection_chunk = hooks.add_chunk("reject", "__rejected or {}", ChunkKind::expression);
  return settings;
}

}  // namespace erpbridge::rest
