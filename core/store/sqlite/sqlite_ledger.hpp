// The order ledger (store/order_ledger.hpp) in the SQLite file: four tables beside the outbox
// and the id map. The functions work inside the caller's transaction, so the outbox writes
// the ledger with the accept or the outcome that brings it. Internal to core/store/sqlite.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/id_map.hpp"
#include "store/order_ledger.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace erpbridge::store {

// New tables only (CREATE ... IF NOT EXISTS): a store file from before the ledger opens with
// an empty ledger, and its orders' cancels and returns are checked at delivery, not at the
// door (docs/ledger.md).
void create_ledger_schema(SqliteDb& db);
std::optional<LedgerOrder> read_ledger_order(SqliteDb& db, const std::string& tenant,
                                             const std::string& order_id);
LedgerAdmission admit_to_ledger(SqliteDb& db, const std::string& tenant,
                                const std::string& event_id, const LedgerEntry& entry,
                                std::int64_t now_ms);
// The ledger's part of a `delivered` outcome (the id map's is the caller's).
void record_delivered_in_ledger(SqliteDb& db, const std::string& tenant,
                                const std::string& event_type, const std::string& document_id,
                                const std::vector<IdMapEntry>& created_ids, std::int64_t now_ms);

std::unique_ptr<OrderLedgers> make_sqlite_ledger(std::shared_ptr<SqliteConnection> connection);

}  // namespace erpbridge::store
