// What happens to an event after an attempt: delivered, dead, or another attempt when. Pure
// functions of the tenant's delivery settings, the result and the clock (no I/O), so every
// rule is unit-tested on its own (tests/unit/service/retry_policy_test.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "common/delivery_result.hpp"
#include "config/tenant_config.hpp"
#include "store/outbox_rows.hpp"

namespace erpbridge::service {

struct AttemptFacts {
  int attempt = 1;                  // the attempt just made, counting from 1
  std::int64_t accepted_at_ms = 0;  // max_age counts from here
  std::int64_t now_ms = 0;
  // An earlier attempt may have reached the ERP and nothing has ruled that out since (no
  // lookup answered "not found"): a failed resend keeps the row in doubt.
  bool in_doubt_before = false;
};

struct Decision {
  enum class Kind { delivered, dead, retry };
  Kind kind = Kind::retry;
  store::EventState state = store::EventState::queued;  // retry: queued or in_doubt
  std::int64_t next_attempt_at_ms = 0;                  // retry only
  std::string reason;  // dead: why it was given up, with the last error; else empty
};

// A random number in [0, 1) for the jitter below. Jitter only needs to spread retries apart:
// one generator per thread, no lock.
double jitter_unit();

// Exponential backoff with full jitter: a delay drawn uniformly (from `unit_random` in
// [0, 1)) between backoff_initial and min(backoff_max, backoff_initial * 2^(attempt-1)). The
// floor keeps a retry storm from hammering an ERP that just came back.
std::chrono::milliseconds backoff_delay(const config::DeliverySettings& settings, int attempt,
                                        double unit_random);

// The next step after an attempt ended with `result`. A retry is never sooner than the
// result's Retry-After; one that would fall after accepted_at + max_age, or an attempt that
// reached max_attempts, is dead instead.
Decision decide(const config::DeliverySettings& settings, const DeliveryResult& result,
                const AttemptFacts& facts, double unit_random);

// Waiting is not failing: an event whose parent has no ERP id yet, or whose tenant is not in
// the running config, is looked at again after a delay that grows with how long it has waited
// (a short wait usually ends in milliseconds, a long one is probably a missing parent).
std::chrono::milliseconds parent_wait_delay(std::int64_t waited_ms);  // 200 ms .. 5 s
std::chrono::milliseconds tenant_wait_delay(std::int64_t waited_ms);  // 1 s .. 60 s

// True once an event accepted at `accepted_at_ms` is older than max_age.
bool past_max_age(const config::DeliverySettings& settings, std::int64_t accepted_at_ms,
                  std::int64_t now_ms);

}  // namespace erpbridge::service
