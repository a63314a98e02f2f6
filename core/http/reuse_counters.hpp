// Process-wide counts of reused connections that the server closed after the request was sent
// and before any reply byte, for /metrics (core/service/metrics.cpp reads them).
#pragma once

#include <cstdint>

namespace erpbridge::http {

struct ReusedConnectionCloses {
  std::uint64_t repeated = 0;  // sent again on a new connection: not written whole, or safe
  std::uint64_t reported = 0;  // returned as sent_no_response: it may have been applied
};

ReusedConnectionCloses reused_connection_closes();
void count_reused_connection_close(bool repeated);

}  // namespace erpbridge::http
