#include "service/delivery_attempt.hpp"

#include <algorithm>

#include "common/clock.hpp"
#include "pipeline/result_json.hpp"
#include "service/retry_policy.hpp"

namespace erpbridge::service {

namespace {

store::LastClass last_class_of(ResultClass c) {
  switch (c) {
    case ResultClass::ok:
      return store::LastClass::ok;
    case ResultClass::invalid:
      return store::LastClass::invalid;
    case ResultClass::retryable:
      return store::LastClass::retryable;
    case ResultClass::permanent:
      return store::LastClass::permanent;
    case ResultClass::in_doubt:
      return store::LastClass::in_doubt;
  }
  return store::LastClass::none;
}

AttemptOutcome attempt_outcome(store::Outcome outcome, bool work_ready = false) {
  AttemptOutcome out;
  out.outcome = outcome;
  out.work_ready = work_ready;
  return out;
}

}  // namespace

struct DeliveryAttempt::Context {
  const store::OutboxEvent& head;
  std::shared_ptr<const TenantRuntime> tenant{};
  const events::Event* parsed = nullptr;
  DeliverySink* sink = nullptr;
  std::vector<store::OutboxEvent> rows{};  // the group: the head, then followers that joined
  int attempt = 1;                         // the attempt this is, if it reaches the far side
  std::int64_t now = 0;
  Clock::time_point started{};
  bool reached = false;   // a call was (or may have been) made: the attempt counts
  std::string summary{};  // what the call covered, for the log line

  // What the group's attempt count becomes: waits and unreached sinks cost no attempt.
  int attempts_after() const { return reached ? attempt : head.attempts; }

  std::vector<std::int64_t> seqs() const {
    std::vector<std::int64_t> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(r.seq);
    return out;
  }

  // Tells the directions apart in the log (the sink's tag), "" before a sink is known.
  std::string sink_tag() const { return sink ? sink->log_tag() : ""; }

  const config::DeliverySettings& settings() const {
    static const config::DeliverySettings defaults;  // for a tenant no longer configured
    return tenant ? tenant->config.delivery : defaults;
  }
};

DeliveryAttempt::DeliveryAttempt(store::WorkClaims& claims, store::OutcomeWriter& outcomes,
                                 std::vector<DeliverySink*> sinks, Metrics& metrics)
    : claims_(claims),
      outcomes_(outcomes),
      sinks_(std::move(sinks)),
      metrics_(metrics),
      finishes_(kMaxOutcomesPerCommit,
                [this](const auto& batch) { return outcomes_.finish(batch); }) {}

DeliverySink* DeliveryAttempt::sink_for(const std::string& event_type) const {
  for (DeliverySink* sink : sinks_)
    if (sink->handles(event_type)) return sink;
  return nullptr;
}

AttemptOutcome DeliveryAttempt::run(const store::OutboxEvent& head,
                                    std::shared_ptr<const Runtime> runtime,
                                    const events::Event* parsed) {
  Context c{.head = head,
            .tenant = runtime->tenant(head.tenant),
            .parsed = parsed,
            .sink = sink_for(head.event_type),
            .rows = {head},
            .attempt = head.attempts + 1,
            .now = unix_now_ms(),
            .started = Clock::now()};
  const auto waited_ms = c.now - head.accepted_at_ms;
  if (!c.tenant)
    return wait(c, "tenant " + head.tenant + " is not in the running configuration",
                tenant_wait_delay(waited_ms), LogLevel::warn);
  if (!c.sink)
    return dead(c, DeliveryResult::failure(ResultClass::invalid, "unknown event type"),
                "the host does not know event type " + head.event_type);
  if (auto why = c.sink->unavailable(*c.tenant))
    return wait(c, *why, tenant_wait_delay(waited_ms), LogLevel::warn);
  if (const std::size_t n = c.sink->followers_wanted(head, *c.tenant))
    for (auto& row : claims_.lane_followers(head, n)) c.rows.push_back(std::move(row));
  return send(c);
}

AttemptOutcome DeliveryAttempt::send(Context& c) {
  SinkBatch batch{.tenant = *c.tenant,
                  .rows = c.rows,
                  .parsed = c.parsed,
                  .idempotency_key = c.head.tenant + ":" + c.head.event_id,
                  .attempt = c.attempt,
                  .in_doubt = c.head.state == store::EventState::in_doubt};
  if (batch.in_doubt) {
    if (auto found = c.sink->look_up(batch)) {
      const DeliveryResult& r = found->result;
      if (r.ok() && r.found.value_or(false)) return delivered(c, *found);
      if (r.ok()) {
        batch.in_doubt = false;  // the earlier attempt created nothing: resending cannot duplicate
      } else if (r.result_class != ResultClass::invalid) {
        // Unknown (a 2xx without the id, an unreadable reply, 5xx, a timeout): the document
        // may exist, so it is never resent on this answer; it is looked up again later, and
        // given up in doubt ("in doubt, unresolved") for a person to decide.
        c.reached = true;  // a lookup that keeps failing must not retry forever
        SinkReply unknown = *found;
        unknown.result.result_class = ResultClass::in_doubt;
        unknown.result.message = "lookup answered unknown (" +
                                 std::string(to_string(r.result_class)) + "): " + r.message;
        return classify(c, unknown, /*in_doubt_before=*/true);
      }
      // invalid: this event type has no lookup. Resend with the same idempotency key.
    }
  }
  const bool in_doubt_before = batch.in_doubt;
  SinkReply reply = c.sink->put(batch);
  c.rows.resize(std::clamp<std::size_t>(reply.rows, 1, c.rows.size()));
  c.summary = reply.summary;
  c.reached = reply.reached;
  switch (reply.kind) {
    case SinkReply::Kind::waiting:
      return wait(c, reply.why, parent_wait_delay(c.now - c.head.accepted_at_ms), LogLevel::info);
    case SinkReply::Kind::give_up:
      return dead(c, reply.result, reply.why);
    case SinkReply::Kind::sent:
      break;
  }
  return classify(c, reply, in_doubt_before);
}

AttemptOutcome DeliveryAttempt::classify(Context& c, const SinkReply& reply, bool in_doubt_before) {
  const DeliveryResult& result = reply.result;
  AttemptFacts facts{c.attempt, c.head.accepted_at_ms, unix_now_ms(), in_doubt_before};
  Decision d = decide(c.settings(), result, facts, jitter_unit());
  switch (d.kind) {
    case Decision::Kind::delivered:
      return delivered(c, reply);
    case Decision::Kind::dead:
      // Given up while the ERP may have the document: a person must check before a replay
      // sends it again (docs/delivery.md#in-doubt).
      return dead(c, result,
                  in_doubt_before && result.result_class == ResultClass::in_doubt
                      ? "in doubt, unresolved: " + d.reason
                      : d.reason);
    case Decision::Kind::retry:
      break;
  }
  const bool doubt = d.state == store::EventState::in_doubt;
  store::GroupOutcome o;
  o.seqs = c.seqs();
  o.outcome = doubt ? store::Outcome::in_doubt : store::Outcome::retry;
  o.attempts = c.attempt;
  o.next_attempt_at_ms = d.next_attempt_at_ms;
  o.last_class = last_class_of(result.result_class);
  o.last_error = result.message;
  finish(std::move(o));
  count(c, "failed");
  count(c, doubt ? "in_doubt" : "retried");
  log_outcome(c, doubt ? "in_doubt" : "retry", result,
              "next_in_ms=" + std::to_string(d.next_attempt_at_ms - facts.now_ms));
  return attempt_outcome(doubt ? store::Outcome::in_doubt : store::Outcome::retry);
}

// Waiting is not failing: no attempt is counted, until max_age. One log line when a row starts
// waiting, not at every look: a missing parent may keep a row waiting for hours.
AttemptOutcome DeliveryAttempt::wait(Context& c, const std::string& why,
                                     std::chrono::milliseconds delay, LogLevel level) {
  c.rows.resize(1);  // followers were not part of any call
  if (past_max_age(c.settings(), c.head.accepted_at_ms, c.now))
    return dead(c, DeliveryResult::failure(ResultClass::permanent, why),
                "gave up: still waiting at max_age; " + why);
  store::GroupOutcome o;
  o.seqs = {c.head.seq};
  o.outcome = store::Outcome::waiting;
  o.next_attempt_at_ms = c.now + delay.count();
  o.last_error = why;
  finish(std::move(o));
  if (!(c.head.last_class == store::LastClass::waiting && c.head.last_error == why))
    log_line(level, "delivery tenant=" + c.head.tenant + " event=" + c.head.event_id +
                        " type=" + c.head.event_type + c.sink_tag() + " outcome=waiting attempt=" +
                        std::to_string(c.head.attempts) + " reason=\"" + why + "\"");
  return attempt_outcome(store::Outcome::waiting);
}

AttemptOutcome DeliveryAttempt::delivered(Context& c, const SinkReply& reply) {
  const DeliveryResult& result = reply.result;
  store::GroupOutcome o;
  o.seqs = c.seqs();
  o.outcome = store::Outcome::delivered;
  o.attempts = c.attempts_after();
  o.erp_id = result.erp_id;
  o.result_json = pipeline::result_json_text(result);
  o.created_ids = reply.created_ids;  // they commit with the outcome, and wake their waiters
  const bool work_ready = finish(std::move(o));
  const std::int64_t now = unix_now_ms();
  for (const auto& row : c.rows) {
    metrics_.count_event(row.tenant, row.event_type, "delivered");
    metrics_.observe_delivery_latency(row.tenant,
                                      static_cast<double>(now - row.accepted_at_ms) / 1000.0);
  }
  std::string detail = reply.detail;
  if (result.erp_id) detail += " erp_id=" + *result.erp_id;
  log_outcome(c, "delivered", result, detail);
  AttemptOutcome out = attempt_outcome(store::Outcome::delivered, work_ready);
  out.erp_id = result.erp_id;
  return out;
}

AttemptOutcome DeliveryAttempt::dead(Context& c, const DeliveryResult& result,
                                     const std::string& reason) {
  store::GroupOutcome o;
  o.seqs = c.seqs();
  o.outcome = store::Outcome::dead;
  o.attempts = c.attempts_after();
  o.last_class = last_class_of(result.result_class);
  o.last_error = reason;
  o.result_json = pipeline::result_json_text(result);
  const bool work_ready = finish(std::move(o));
  count(c, "failed");
  count(c, "dead_lettered");
  log_outcome(c, "dead_lettered", result, "reason=\"" + reason + "\"");
  AttemptOutcome out = attempt_outcome(store::Outcome::dead, work_ready);
  out.last_error = reason;
  return out;
}

void DeliveryAttempt::count(const Context& c, const char* outcome) {
  for (const auto& row : c.rows) metrics_.count_event(row.tenant, row.event_type, outcome);
}

// One line per outcome. Never the payload, never the far side's reply body, never a key: only
// ids, counts, the class and the (secret-free) message.
void DeliveryAttempt::log_outcome(const Context& c, const char* outcome,
                                  const DeliveryResult& result, const std::string& detail) const {
  const bool bad = std::string_view(outcome) == "dead_lettered";
  const LogLevel level = bad ? LogLevel::warn : LogLevel::info;
  if (!log_enabled(level)) return;
  const auto call_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - c.started).count();
  std::string line = "delivery tenant=" + c.head.tenant + " event=" + c.head.event_id +
                     " type=" + c.head.event_type + c.sink_tag() + " outcome=" + outcome +
                     " class=" + to_string(result.result_class) +
                     " attempt=" + std::to_string(c.attempts_after()) +
                     " call_ms=" + std::to_string(call_ms) +
                     " latency_ms=" + std::to_string(unix_now_ms() - c.head.accepted_at_ms);
  if (!c.summary.empty()) line += " " + c.summary;
  if (result.http_status) line += " http_status=" + std::to_string(result.http_status);
  if (!detail.empty()) line += " " + detail;
  const bool said = detail.find(result.message) != std::string::npos;  // dead: in the reason
  if (!result.ok() && !result.message.empty() && !said)
    line += " message=\"" + result.message + "\"";
  log_line(level, line);
}

}  // namespace erpbridge::service
