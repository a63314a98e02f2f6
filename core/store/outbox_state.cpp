// Names of outbox states and sync levels, as stored in SQLite and shown by the API and CLI.
#include <array>
#include <utility>

#include "store/outbox.hpp"

namespace erpbridge::store {

namespace {

constexpr std::array<std::pair<EventState, const char*>, 5> kStates{{
    {EventState::queued, "queued"},
    {EventState::delivering, "delivering"},
    {EventState::in_doubt, "in_doubt"},
    {EventState::delivered, "delivered"},
    {EventState::dead, "dead"},
}};

constexpr std::array<std::pair<SyncLevel, const char*>, 3> kSyncLevels{{
    {SyncLevel::off, "off"},
    {SyncLevel::normal, "normal"},
    {SyncLevel::full, "full"},
}};

}  // namespace

const char* to_string(EventState s) {
  for (const auto& [state, name] : kStates)
    if (state == s) return name;
  return "unknown";
}

std::optional<EventState> parse_event_state(const std::string& s) {
  for (const auto& [state, name] : kStates)
    if (s == name) return state;
  return std::nullopt;
}

const char* to_string(SyncLevel s) {
  for (const auto& [level, name] : kSyncLevels)
    if (level == s) return name;
  return "unknown";
}

std::optional<SyncLevel> parse_sync_level(const std::string& s) {
  for (const auto& [level, name] : kSyncLevels)
    if (s == name) return level;
  return std::nullopt;
}

}  // namespace erpbridge::store
