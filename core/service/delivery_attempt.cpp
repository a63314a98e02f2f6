#include "service/delivery_attempt.hpp"

#include <boost/json/serialize.hpp>

#include <chrono>

#include "common/clock.hpp"
#include "common/log.hpp"
#include "pipeline/result_json.hpp"
#include "service/commerceup_delivery.hpp"
#include "service/retry_policy.hpp"
#include "syncback/change_events.hpp"

namespace erpbridge::service {

namespace {

using Kind = AttemptOutcome::Kind;
using Clock = std::chrono::steady_clock;

}  // namespace

struct DeliveryAttempt::Context {
  const store::OutboxEvent& row;
  std::shared_ptr<const Runtime> runtime{};
  std::shared_ptr<const TenantRuntime> tenant{};
  const events::Event* event = nullptr;  // the row's event: `parsed`, or parsed_here
  std::optional<events::Event> parsed_here{};
  std::string idempotency_key{};  // "<tenant>:<event_id>", the same for every attempt
  int attempt = 1;                // the attempt this is, if it reaches the ERP
  std::int64_t now = 0;
  Clock::time_point started{};
  std::optional<std::string> waiting_for{};  // set when the dispatcher found no parent ERP id
  bool reached_erp = false;                  // a delivery or lookup call was made

  // What the row's attempt count becomes: waiting and unknown tenants cost no attempt.
  int attempts_after() const { return reached_erp ? attempt : row.attempts; }

  const config::DeliverySettings& settings() const {
    static const config::DeliverySettings defaults;  // for a tenant no longer configured
    return tenant ? tenant->config.delivery : defaults;
  }
};

AttemptOutcome DeliveryAttempt::run(const store::OutboxEvent& row,
                                    std::shared_ptr<const Runtime> runtime,
                                    const events::Event* parsed) {
  Context c{.row = row,
            .runtime = runtime,
            .tenant = runtime->tenant(row.tenant),
            .idempotency_key = row.tenant + ":" + row.event_id,
            .attempt = row.attempts + 1,
            .now = unix_now_ms(),
            .started = Clock::now()};
  if (!c.tenant) return unknown_tenant(c);
  if (syncback::is_commerceup_event(row.event_type)) {
    if (commerceup_) return commerceup_->run(row, *c.tenant);
    return dead(c, DeliveryResult::failure(ResultClass::permanent, "no Commerceup delivery"),
                "this host delivers no sync-back rows");
  }
  c.event = parsed;
  if (!c.event) {
    events::ValidationError error;
    c.parsed_here = events::parse_event(row.payload, error);
    if (!c.parsed_here)  // it was validated before it was stored; only a damaged row gets here
      return dead(c,
                  DeliveryResult::failure(ResultClass::invalid, error.path + ": " + error.message),
                  "the stored event no longer parses");
    c.event = &*c.parsed_here;
  }
  if (row.state == store::EventState::in_doubt) {
    if (auto settled = look_up_first(c)) return *settled;
  }
  return send(c);
}

AttemptOutcome DeliveryAttempt::unknown_tenant(Context& c) {
  const std::string why = "tenant " + c.row.tenant + " is not in the running configuration";
  if (past_max_age(c.settings(), c.row.accepted_at_ms, c.now))
    return dead(c, DeliveryResult::failure(ResultClass::permanent, why), "gave up: max_age");
  const auto delay = tenant_wait_delay(c.now - c.row.accepted_at_ms);
  outbox_.release(c.row.seq, c.now + delay.count(), why);
  log_wait(c, LogLevel::warn, why);
  return {Kind::waiting};
}

std::optional<AttemptOutcome> DeliveryAttempt::look_up_first(Context& c) {
  if (!c.tenant->connector->plugin().supports_lookup()) return std::nullopt;
  DeliveryResult r =
      dispatcher_.lookup(*c.event, c.row.tenant, *c.tenant->connector, c.idempotency_key);
  if (r.ok() && r.found.value_or(false)) return delivered(c, r, "found by lookup, not resent");
  if (r.ok()) {
    // The earlier attempt created nothing: resending cannot duplicate.
    return finish(c, dispatch(c), /*in_doubt_before=*/false);
  }
  if (r.result_class == ResultClass::retryable || r.result_class == ResultClass::in_doubt) {
    c.reached_erp = true;  // a lookup that keeps failing must not retry forever
    return finish(c, r, /*in_doubt_before=*/true);
  }
  // invalid/permanent: this event type has no lookup. Resend with the same idempotency key.
  return std::nullopt;
}

DeliveryResult DeliveryAttempt::dispatch(Context& c) {
  auto outcome = dispatcher_.dispatch(*c.event, c.row.tenant, *c.tenant->connector, c.attempt,
                                      c.idempotency_key);
  if (outcome.waiting_for)
    c.waiting_for = outcome.waiting_for;
  else
    c.reached_erp = true;
  return outcome.result;
}

AttemptOutcome DeliveryAttempt::send(Context& c) {
  DeliveryResult r = dispatch(c);
  return finish(c, r, c.row.state == store::EventState::in_doubt);
}

AttemptOutcome DeliveryAttempt::finish(Context& c, const DeliveryResult& result,
                                       bool in_doubt_before) {
  if (c.waiting_for) return wait_for_parent(c, *c.waiting_for);
  AttemptFacts facts{c.attempt, c.row.accepted_at_ms, unix_now_ms(), in_doubt_before};
  Decision d = decide(c.settings(), result, facts, jitter_unit());
  switch (d.kind) {
    case Decision::Kind::delivered:
      return delivered(c, result, "sent");
    case Decision::Kind::dead:
      return dead(c, result, d.reason);
    case Decision::Kind::retry:
      break;
  }
  outbox_.reschedule(c.row.seq, d.state, c.attempt, d.next_attempt_at_ms,
                     to_string(result.result_class), result.message);
  const bool doubt = d.state == store::EventState::in_doubt;
  metrics_.count_event(c.row.tenant, c.row.event_type, "failed");
  metrics_.count_event(c.row.tenant, c.row.event_type, doubt ? "in_doubt" : "retried");
  log_outcome(c, doubt ? "in_doubt" : "retry", result,
              "next_in_ms=" + std::to_string(d.next_attempt_at_ms - facts.now_ms));
  return {Kind::retry};
}

AttemptOutcome DeliveryAttempt::wait_for_parent(Context& c, const std::string& parent) {
  const std::string why = parent + " has no ERP id yet";
  if (past_max_age(c.settings(), c.row.accepted_at_ms, c.now))
    return dead(c, DeliveryResult::failure(ResultClass::permanent, why),
                "gave up: still waiting at max_age; " + why);
  const auto delay = parent_wait_delay(c.now - c.row.accepted_at_ms);
  outbox_.release(c.row.seq, c.now + delay.count(), why);
  log_wait(c, LogLevel::info, why);
  return {Kind::waiting};
}

AttemptOutcome DeliveryAttempt::delivered(Context& c, const DeliveryResult& result,
                                          const char* how) {
  // The ids the delivery created commit with the outcome, which also wakes the rows that
  // waited for them.
  const bool work_ready = delivered_marks_.submit(
      {c.row.seq, c.attempts_after(), result.erp_id, pipeline::result_json_text(result),
       c.event ? pipeline::ids_created_by(*c.event, result) : std::vector<store::IdMapEntry>{}});
  const double latency_s = static_cast<double>(unix_now_ms() - c.row.accepted_at_ms) / 1000.0;
  metrics_.count_event(c.row.tenant, c.row.event_type, "delivered");
  metrics_.observe_delivery_latency(c.row.tenant, latency_s);
  std::string detail = how;
  if (result.erp_id) detail += " erp_id=" + *result.erp_id;
  log_outcome(c, "delivered", result, detail);
  AttemptOutcome out(Kind::delivered);
  out.erp_id = result.erp_id;
  out.work_ready = work_ready;
  return out;
}

AttemptOutcome DeliveryAttempt::dead(Context& c, const DeliveryResult& result,
                                     const std::string& reason) {
  const bool work_ready =
      outbox_.mark_dead(c.row.seq, c.attempts_after(), to_string(result.result_class), reason,
                        pipeline::result_json_text(result));
  metrics_.count_event(c.row.tenant, c.row.event_type, "failed");
  metrics_.count_event(c.row.tenant, c.row.event_type, "dead_lettered");
  log_outcome(c, "dead_lettered", result, reason);
  AttemptOutcome out(Kind::dead);
  out.last_error = reason;
  out.work_ready = work_ready;
  return out;
}

// Once when an event starts waiting, not at every look: a missing parent may keep an event
// waiting for hours.
void DeliveryAttempt::log_wait(const Context& c, LogLevel level, const std::string& why) const {
  if (c.row.last_class == "waiting" && c.row.last_error == why) return;
  log_line(level, "delivery tenant=" + c.row.tenant + " event=" + c.row.event_id +
                      " type=" + c.row.event_type + " outcome=waiting attempt=" +
                      std::to_string(c.row.attempts) + " reason=\"" + why + "\"");
}

// One line per outcome. Never the payload, never the ERP's reply body: only ids, the class
// and the (secret-free) message.
void DeliveryAttempt::log_outcome(const Context& c, const char* outcome,
                                  const DeliveryResult& result, const std::string& detail) const {
  const bool bad = std::string_view(outcome) == "dead_lettered";
  const LogLevel level = bad ? LogLevel::warn : LogLevel::info;
  if (!log_enabled(level)) return;
  const auto call_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - c.started).count();
  std::string line =
      "delivery tenant=" + c.row.tenant + " event=" + c.row.event_id + " type=" + c.row.event_type +
      " outcome=" + outcome + " class=" + to_string(result.result_class) +
      " attempt=" + std::to_string(c.attempts_after()) + " call_ms=" + std::to_string(call_ms) +
      " latency_ms=" + std::to_string(unix_now_ms() - c.row.accepted_at_ms);
  if (result.http_status) line += " http_status=" + std::to_string(result.http_status);
  if (!detail.empty()) line += " " + detail;
  const bool said = detail.find(result.message) != std::string::npos;  // dead: in the reason
  if (!result.ok() && !result.message.empty() && !said)
    line += " message=\"" + result.message + "\"";
  log_line(level, line);
}

}  // namespace erpbridge::service
