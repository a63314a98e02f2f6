// Retention: delivered outbox rows are history (their status, their payload, the duplicate
// check of their event_id) and are pruned once they are older than the host's retention
// (store.retention_days, docs/delivery.md#retention). Only delivered rows ever go: dead
// letters wait for a person, in-doubt and other open rows are still work, and the id map and
// pull cursors are not rows of the outbox. A store implements the role; prune_in_batches is
// how the host (the background pruner of `serve`, `erpbridge store prune`) uses it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace erpbridge::store {

// The delivered rows of one tenant that a prune with some cutoff would remove.
struct PrunableRows {
  std::string tenant;
  std::int64_t rows = 0;
  std::int64_t payload_bytes = 0;
  std::int64_t oldest_delivered_ms = 0;  // unix ms
  std::int64_t newest_delivered_ms = 0;
};

class Retention {
 public:
  virtual ~Retention() = default;
  // The delivered rows whose delivery (the outcome that made them delivered) was before
  // `delivered_before_ms`, by tenant in tenant order. Changes nothing.
  virtual std::vector<PrunableRows> prunable(std::int64_t delivered_before_ms) const = 0;
  // Removes at most `limit` of those rows, earliest delivery first, in ONE short transaction,
  // so writers on the request path wait for one small batch at most. Returns how many went.
  virtual std::size_t prune_delivered(std::int64_t delivered_before_ms, std::size_t limit) = 0;
};

// The cutoff for a retention at `now_ms`: rows delivered before it are older than `retention`.
std::int64_t retention_cutoff(std::int64_t now_ms, std::chrono::days retention);

// Prunes batch after batch of `batch` rows until a batch comes back short (nothing older is
// left) or `stopping` answers true, pausing `pause` between batches so the writers of the
// request path get the store in between. Returns how many rows went.
std::size_t prune_in_batches(Retention& retention, std::int64_t delivered_before_ms,
                             std::size_t batch, std::chrono::milliseconds pause,
                             const std::function<bool()>& stopping = {});

}  // namespace erpbridge::store
