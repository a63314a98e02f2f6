#include "sync_back_settings.hpp"

#include <boost/json.hpp>

#include <array>

namespace erpbridge::rest {
namespace {

constexpr std::array<std::string_view, 2> kPushKinds = {"inventory", "order_status"};

// Run before a mapping, in its environment. reject() ends the mapping and records which field
// of the ERP's document is at fault, which error() alone cannot carry past the sandbox.
constexpr const char* kRejectHelper = R"lua(
function reject(field, message)
  __rejected = { field = tostring(field), message = tostring(message or "is not valid") }
  error(__rejected.field .. ": " .. __rejected.message, 0)
end)lua";

Format format_of(const Section& section, Format fallback) {
  auto text = section.string("format");
  if (!text) return fallback;
  if (*text == "json") return Format::json;
  if (*text == "xml") return Format::xml;
  throw_setting_error(section.at("format"), "must be json or xml, not '" + *text + "'");
}

int mapping(const Section& section, const SettingsHooks& hooks, const std::string& what) {
  auto code = section.required_string("changes", "is required: the Lua mapping that " + what);
  if (code.find_first_not_of(" \t\r\n") == std::string::npos)
    throw_setting_error(section.at("changes"), "must not be empty");
  return hooks.add_chunk(section.at("changes"), std::move(code), ChunkKind::body);
}

PullFeed feed(const Section& section, std::string_view name, Format default_format,
              const SettingsHooks& hooks) {
  section.allow_only({"format", "method", "path", "query", "headers", "timeout_ms", "changes"});
  PullFeed feed;
  feed.name = name;
  feed.exchange.type = "pull " + std::string(name);
  feed.exchange.format = format_of(section, default_format);
  feed.exchange.request = hooks.request(section, "GET");
  feed.changes_chunk =
      mapping(section, hooks, "turns the ERP's reply into changes, a cursor and `more`");
  return feed;
}

PushMapping push(const Section& section, std::string_view kind, Format default_format,
                 const SettingsHooks& hooks) {
  section.allow_only({"format", "changes"});
  PushMapping push;
  push.kind = kind;
  push.format = format_of(section, default_format);
  push.changes_chunk = mapping(section, hooks, "turns the ERP's pushed body into changes");
  return push;
}

}  // namespace

const PushMapping* SyncBackSettings::push_for(std::string_view kind) const {
  for (const auto& mapping : pushes)
    if (mapping.kind == kind) return &mapping;
  return nullptr;
}

std::shared_ptr<const SyncBackSettings> parse_sync_back_settings(const Section& top,
                                                                 Format default_format,
                                                                 const SettingsHooks& hooks) {
  if (!top.has("pull") && !top.has("push")) return nullptr;
  auto settings = std::make_shared<SyncBackSettings>();
  if (const auto* node = top.find("pull")) {
    Section pull(*node, top.at("pull"));
    if (pull.members().empty())
      throw_setting_error(pull.pointer(), "configure at least one feed (like inventory:)");
    for (const auto& member : pull.members())
      settings->feeds.push_back(feed(Section(member.value(), pull.at(member.key())), member.key(),
                                     default_format, hooks));
  }
  if (const auto* node = top.find("push")) {
    Section push_section(*node, top.at("push"));
    if (push_section.members().empty())
      throw_setting_error(push_section.pointer(), "configure inventory:, order_status: or both");
    for (const auto& member : push_section.members()) {
      std::string pointer = push_section.at(member.key());
      if (member.key() != kPushKinds[0] && member.key() != kPushKinds[1])
        throw_setting_error(pointer, "unknown push kind '" + std::string(member.key()) +
                                         "' (known: inventory, order_status)");
      settings->pushes.push_back(
          push(Section(member.value(), pointer), member.key(), default_format, hooks));
    }
  }
  settings->reject_helper_chunk = hooks.add_chunk("reject", kRejectHelper, ChunkKind::body);
  settings->rejection_chunk = hooks.add_chunk("reject", "__rejected or {}", ChunkKind::expression);
  return settings;
}

}  // namespace erpbridge::rest
