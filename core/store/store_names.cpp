// Names of the store's enums, as stored in the database and shown by the API, the CLI and the
// log.
#include <array>
#include <utility>

#include "store/group_outcome.hpp"
#include "store/id_map.hpp"
#include "store/order_ledger.hpp"
#include "store/outbox_rows.hpp"
#include "store/store.hpp"

namespace erpbridge::store {

namespace {

constexpr std::array<std::pair<EventState, const char*>, 5> kStates{{
    {EventState::queued, "queued"},
    {EventState::delivering, "delivering"},
    {EventState::in_doubt, "in_doubt"},
    {EventState::delivered, "delivered"},
    {EventState::dead, "dead"},
}};

// The names of the result classes (common/delivery_result), and `waiting`, which the SQLite
// queries also name (store/sqlite/sqlite_outbox_sql.hpp).
constexpr std::array<std::pair<LastClass, const char*>, 7> kLastClasses{{
    {LastClass::none, ""},
    {LastClass::ok, "ok"},
    {LastClass::invalid, "invalid"},
    {LastClass::retryable, "retryable"},
    {LastClass::permanent, "permanent"},
    {LastClass::in_doubt, "in_doubt"},
    {LastClass::waiting, "waiting"},
}};

constexpr std::array<std::pair<Outcome, const char*>, 6> kOutcomes{{
    {Outcome::delivered, "delivered"},
    {Outcome::dead, "dead"},
    {Outcome::retry, "retry"},
    {Outcome::in_doubt, "in_doubt"},
    {Outcome::waiting, "waiting"},
    {Outcome::released, "released"},
}};

constexpr std::array<std::pair<SyncLevel, const char*>, 3> kSyncLevels{{
    {SyncLevel::off, "off"},
    {SyncLevel::normal, "normal"},
    {SyncLevel::full, "full"},
}};

constexpr std::array<std::pair<EntityKind, const char*>, 5> kEntityKinds{{
    {EntityKind::customer, "customer"},
    {EntityKind::order, "order"},
    {EntityKind::order_line, "order_line"},
    {EntityKind::cancellation, "cancellation"},
    {EntityKind::order_return, "return"},
}};

constexpr std::array<std::pair<OrderState, const char*>, 3> kOrderStates{{
    {OrderState::accepted, "accepted"},
    {OrderState::open, "open"},
    {OrderState::closed, "closed"},
}};

constexpr std::array<std::pair<MoveKind, const char*>, 2> kMoveKinds{{
    {MoveKind::cancellation, "cancellation"},
    {MoveKind::order_return, "return"},
}};

template <class Enum, std::size_t N>
const char* name_of(const std::array<std::pair<Enum, const char*>, N>& names, Enum value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "unknown";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, const char*>, N>& names,
                             const std::string& text) {
  for (const auto& [v, name] : names)
    if (text == name) return v;
  return std::nullopt;
}

}  // namespace

const char* to_string(EventState s) {
  return name_of(kStates, s);
}

std::optional<EventState> parse_event_state(const std::string& s) {
  return value_of(kStates, s);
}

const char* to_string(LastClass c) {
  return name_of(kLastClasses, c);
}

LastClass parse_last_class(const std::string& s) {
  return value_of(kLastClasses, s).value_or(LastClass::none);
}

const char* to_string(Outcome o) {
  return name_of(kOutcomes, o);
}

const char* to_string(SyncLevel s) {
  return name_of(kSyncLevels, s);
}

std::optional<SyncLevel> parse_sync_level(const std::string& s) {
  return value_of(kSyncLevels, s);
}

const char* to_string(EntityKind k) {
  return name_of(kEntityKinds, k);
}

const char* to_string(OrderState s) {
  return name_of(kOrderStates, s);
}

std::optional<OrderState> parse_order_state(const std::string& s) {
  return value_of(kOrderStates, s);
}

const char* to_string(MoveKind k) {
  return name_of(kMoveKinds, k);
}

std::optional<MoveKind> parse_move_kind(const std::string& s) {
  return value_of(kMoveKinds, s);
}

std::string order_line_key(const std::string& order_id, const std::string& line_id) {
  return order_id + "/" + line_id;
}

}  // namespace erpbridge::store
