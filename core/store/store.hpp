// One store: every role of store/roles.hpp, the id map and the order ledger, over one database,
// opened by open_store from the host's settings. The only way the rest of the host gets a store: no
// code outside core/store names an implementation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "store/id_map.hpp"
#include "store/order_ledger.hpp"
#include "store/retention.hpp"
#include "store/roles.hpp"

namespace erpbridge::store {

enum class SyncLevel { off, normal, full };  // SQLite PRAGMA synchronous
const char* to_string(SyncLevel s);
std::optional<SyncLevel> parse_sync_level(const std::string& s);  // "off" | "normal" | "full"

struct StoreConfig {
  std::filesystem::path file;  // the SQLite database (created if missing)
  SyncLevel sync = SyncLevel::normal;
  // The time the store writes (accepted_at, updated_at, ...), unix ms; empty: the system
  // clock. Tests of time-bound behaviour (retention) move it instead of waiting days.
  std::function<std::int64_t()> clock = nullptr;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual EventIntake& intake() = 0;
  virtual WorkClaims& claims() = 0;
  virtual OutcomeWriter& outcomes() = 0;
  virtual DeadLetters& dead_letters() = 0;
  virtual EventStatus& status() = 0;
  virtual PullCursors& cursors() = 0;
  virtual IdMap& ids() = 0;
  virtual OrderLedgers& ledger() = 0;
  virtual Retention& retention() = 0;
};

// Opens (and creates) the store `config` names. Throws std::runtime_error on failure. Several
// stores may be open on one database at once (a CLI command beside `erpbridge serve`, a test
// playing a second host); each sees the others' commits.
std::unique_ptr<Store> open_store(const StoreConfig& config);

}  // namespace erpbridge::store
