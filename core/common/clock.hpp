// Wall-clock time as the store keeps it (accepted_at, next_attempt_at, ...): Unix milliseconds.
#pragma once

#include <chrono>
#include <cstdint>

namespace erpbridge {

inline std::int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace erpbridge
