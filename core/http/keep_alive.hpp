// How long a pooled connection may stay idle before it is closed instead of reused. Internal to
// erpbridge_http.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace erpbridge::http {

// The idle time to allow after a reply whose `Keep-Alive` header value is `keep_alive` (the
// server's `timeout=N` seconds, RFC 2068 section 19.7.1.1, as Apache and others send it), or
// nullopt when it names no timeout. One second less than the server's N, since the server's
// clock started when it sent the reply and a request still has to reach it; so N <= 1 means
// "do not reuse".
std::optional<std::chrono::milliseconds> server_idle_limit(std::string_view keep_alive);

}  // namespace erpbridge::http
