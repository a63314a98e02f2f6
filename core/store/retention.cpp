#include "store/retention.hpp"

#include <thread>

namespace erpbridge::store {

std::int64_t retention_cutoff(std::int64_t now_ms, std::chrono::days retention) {
  return now_ms - std::chrono::duration_cast<std::chrono::milliseconds>(retention).count();
}

std::size_t prune_in_batches(Retention& retention, std::int64_t delivered_before_ms,
                             std::size_t batch, std::chrono::milliseconds pause,
                             const std::function<bool()>& stopping) {
  std::size_t total = 0;
  for (;;) {
    if (stopping && stopping()) return total;
    const std::size_t gone = retention.prune_delivered(delivered_before_ms, batch);
    total += gone;
    if (gone < batch) return total;
    if (pause.count() > 0) std::this_thread::sleep_for(pause);
  }
}

}  // namespace erpbridge::store
