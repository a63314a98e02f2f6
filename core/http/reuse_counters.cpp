#include "http/reuse_counters.hpp"

#include <atomic>

namespace erpbridge::http {
namespace {

std::atomic<std::uint64_t> repeated_count{0};
std::atomic<std::uint64_t> reported_count{0};

}  // namespace

ReusedConnectionCloses reused_connection_closes() {
  return {repeated_count.load(std::memory_order_relaxed),
          reported_count.load(std::memory_order_relaxed)};
}

void count_reused_connection_close(bool repeated) {
  (repeated ? repeated_count : reported_count).fetch_add(1, std::memory_order_relaxed);
}

}  // namespace erpbridge::http
