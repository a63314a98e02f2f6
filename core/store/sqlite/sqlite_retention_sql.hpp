// The SQL of the SQLite store's retention (sqlite_retention.cpp), apart so its plan can be
// tested. Internal to core/store/sqlite.
#pragma once

namespace erpbridge::store::sql {

// Delivered rows by delivery time (a delivered row's updated_at is set by the outcome that
// delivered it and never changes after), so a batch finds the oldest rows without reading the
// rows still kept. Its WHERE term is repeated verbatim in the queries (partial index).
inline constexpr const char* kDeliveredIndex =
    "CREATE INDEX IF NOT EXISTS outbox_delivered ON outbox(updated_at) "
    "WHERE state = 'delivered'";

inline constexpr const char* kPruneDelivered =
    "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE state = 'delivered' "
    "AND updated_at < ?1 ORDER BY updated_at LIMIT ?2)";

inline constexpr const char* kPrunableByTenant =
    "SELECT tenant, count(*), sum(length(CAST(payload AS BLOB))), min(updated_at), "
    "max(updated_at) FROM outbox WHERE state = 'delivered' AND updated_at < ?1 "
    "GROUP BY tenant ORDER BY tenant";

}  // namespace erpbridge::store::sql
