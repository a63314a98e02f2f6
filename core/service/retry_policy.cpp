#include "service/retry_policy.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace erpbridge::service {

double jitter_unit() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

namespace {

using std::chrono::milliseconds;

std::int64_t deadline_ms(const config::DeliverySettings& s, std::int64_t accepted_at_ms) {
  return accepted_at_ms + std::chrono::duration_cast<milliseconds>(s.max_age).count();
}

Decision dead(std::string reason) {
  Decision d;
  d.kind = Decision::Kind::dead;
  d.reason = std::move(reason);
  return d;
}

milliseconds clamp_ms(std::int64_t v, std::int64_t lo, std::int64_t hi) {
  return milliseconds(std::clamp(v, lo, hi));
}

}  // namespace

milliseconds backoff_delay(const config::DeliverySettings& s, int attempt, double unit_random) {
  const double initial = static_cast<double>(s.backoff_initial.count());
  const double cap = static_cast<double>(std::max(s.backoff_max, s.backoff_initial).count());
  // 2^(attempt-1) in double: no overflow however many attempts are configured.
  const double ceiling = std::min(cap, initial * std::exp2(std::max(attempt - 1, 0)));
  const double r = std::clamp(unit_random, 0.0, 1.0);
  return milliseconds(static_cast<std::int64_t>(initial + (ceiling - initial) * r));
}

Decision decide(const config::DeliverySettings& s, const DeliveryResult& result,
                const AttemptFacts& facts, double unit_random) {
  const std::string last = std::string(to_string(result.result_class)) + ": " + result.message;
  switch (result.result_class) {
    case ResultClass::ok: {
      Decision d;
      d.kind = Decision::Kind::delivered;
      return d;
    }
    case ResultClass::invalid:
    case ResultClass::permanent:
      return dead(last);
    case ResultClass::retryable:
    case ResultClass::in_doubt:
      break;
  }
  if (facts.attempt >= s.max_attempts)
    return dead("gave up after " + std::to_string(facts.attempt) + " attempts (max_attempts); " +
                "last " + last);
  milliseconds delay = backoff_delay(s, facts.attempt, unit_random);
  if (result.retry_after) delay = std::max(delay, *result.retry_after);
  const std::int64_t next = facts.now_ms + delay.count();
  if (next > deadline_ms(s, facts.accepted_at_ms))
    return dead("gave up: the next attempt would be later than max_age (" +
                std::to_string(s.max_age.count()) + " s after acceptance); last " + last);
  Decision d;
  d.kind = Decision::Kind::retry;
  d.next_attempt_at_ms = next;
  const bool doubt = result.result_class == ResultClass::in_doubt || facts.in_doubt_before;
  d.state = doubt ? store::EventState::in_doubt : store::EventState::queued;
  return d;
}

milliseconds parent_wait_delay(std::int64_t waited_ms) {
  return clamp_ms(waited_ms / 2, 200, 5000);
}

milliseconds tenant_wait_delay(std::int64_t waited_ms) {
  return clamp_ms(waited_ms / 2, 1000, 60000);
}

bool past_max_age(const config::DeliverySettings& s, std::int64_t accepted_at_ms,
                  std::int64_t now_ms) {
  return now_ms > deadline_ms(s, accepted_at_ms);
}

}  // namespace erpbridge::service
