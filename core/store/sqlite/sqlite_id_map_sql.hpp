// The SQL of the id map, shared by the id map and by the outbox, which writes a delivery's
// ids in the transaction that marks it delivered. Internal to core/store/sqlite.
#pragma once

namespace erpbridge::store::sql {

inline constexpr const char* kIdMapSchema = R"sql(
CREATE TABLE IF NOT EXISTS id_map (
  tenant     TEXT NOT NULL,
  kind       TEXT NOT NULL,
  our_id     TEXT NOT NULL,
  erp_id     TEXT NOT NULL,
  updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
  PRIMARY KEY (tenant, kind, our_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS id_map_by_erp_id ON id_map(tenant, kind, erp_id);
)sql";

#define ERPBRIDGE_ID_MAP_ON_CONFLICT                                                         \
  " ON CONFLICT(tenant, kind, our_id) DO UPDATE SET erp_id = excluded.erp_id, updated_at = " \
  "unixepoch()"

inline constexpr const char* kIdMapUpsert =
    "INSERT INTO id_map(tenant, kind, our_id, erp_id) VALUES (?1, ?2, ?3, "
    "?4)" ERPBRIDGE_ID_MAP_ON_CONFLICT;

// The same for the tenant of outbox row ?1 (the WHERE also keeps SQLite's parser from reading
// ON CONFLICT as a join constraint of the SELECT).
inline constexpr const char* kIdMapUpsertForRow =
    "INSERT INTO id_map(tenant, kind, our_id, erp_id) SELECT tenant, ?2, ?3, ?4 FROM outbox "
    "WHERE seq = ?1" ERPBRIDGE_ID_MAP_ON_CONFLICT;

inline constexpr const char* kIdMapGet =
    "SELECT erp_id FROM id_map WHERE tenant = ?1 AND kind = ?2 AND our_id = ?3";

inline constexpr const char* kIdMapFindOurId =
    "SELECT our_id FROM id_map WHERE tenant = ?1 AND kind = ?2 AND erp_id = ?3 "
    "ORDER BY updated_at DESC LIMIT 1";

}  // namespace erpbridge::store::sql
