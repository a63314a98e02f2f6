#include "service/commerceup_delivery.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>

#include "common/clock.hpp"
#include "common/log.hpp"
#include "pipeline/result_json.hpp"
#include "plugin/result_redaction.hpp"
#include "service/retry_policy.hpp"
#include "syncback/change_events.hpp"
#include "syncback/commerceup_calls.hpp"
#include "syncback/commerceup_reply.hpp"

namespace erpbridge::service {

namespace {

using Kind = AttemptOutcome::Kind;
using Clock = std::chrono::steady_clock;

// Enough rows to fill a batch even when many of them repeat a SKU, without reading a whole
// backlog into memory.
std::size_t follower_limit(std::size_t batch_size) {
  return std::clamp<std::size_t>(batch_size * 4, 16, 4000);
}

}  // namespace

struct CommerceupDelivery::Group {
  const store::OutboxEvent& head;
  const TenantRuntime& tenant;
  std::vector<store::OutboxEvent> rows;  // head first; the rows this call covers
  int attempt = 1;
  bool in_doubt_before = false;
  bool deltas = false;
  Clock::time_point started{};
  std::string summary{};  // "rows=3 skus=2", for the log line

  std::vector<std::int64_t> seqs() const {
    std::vector<std::int64_t> out;
    for (const auto& r : rows) out.push_back(r.seq);
    return out;
  }
};

AttemptOutcome CommerceupDelivery::run(const store::OutboxEvent& head,
                                       const TenantRuntime& tenant) {
  Group g{.head = head,
          .tenant = tenant,
          .rows = {head},
          .attempt = head.attempts + 1,
          .in_doubt_before = head.state == store::EventState::in_doubt,
          .deltas = false,
          .started = Clock::now(),
          .summary = {}};
  if (!tenant.commerceup) return not_configured(g);
  if (head.event_type == syncback::kInventoryEvent) return inventory(g, false);
  if (head.event_type == syncback::kInventoryDeltaEvent) return inventory(g, true);
  if (head.event_type == syncback::kOrderStatusEvent) return order_status(g);
  return dead(g, DeliveryResult::failure(ResultClass::invalid, "unknown sync-back event type"),
              "the host does not know event type " + head.event_type);
}

AttemptOutcome CommerceupDelivery::inventory(Group& g, bool deltas) {
  g.deltas = deltas;
  const std::size_t batch_size =
      std::max<std::size_t>(1, g.tenant.config.commerceup.inventory_batch_size);
  for (auto& row : outbox_.lane_followers(g.head, follower_limit(batch_size)))
    g.rows.push_back(std::move(row));
  const syncback::InventoryBatch batch = syncback::coalesce_inventory(g.rows, deltas, batch_size);
  g.rows.resize(std::max<std::size_t>(batch.rows, 1));
  g.summary =
      "rows=" + std::to_string(g.rows.size()) + " skus=" + std::to_string(batch.entries.size());
  if (batch.rows == 0)
    return dead(g, DeliveryResult::failure(ResultClass::invalid, "damaged row"),
                "the stored change no longer parses");
  if (deltas && g.in_doubt_before) {
    // Only a crash mid-call gets a delta head here in doubt (a reply that never came sends
    // the batch to the dead letters at once): it may have been applied, so never resend.
    return dead(g, DeliveryResult::failure(ResultClass::in_doubt, "interrupted during delivery"),
                "a stock delta batch may already have been applied (the delivery was "
                "interrupted); not resent automatically: check Commerceup's stock, then replay");
  }
  if (batch.entries.empty()) {
    DeliveryResult nothing;
    nothing.message = "the deltas cancel out; nothing to send";
    return delivered(g, nothing, "not sent: deltas cancel out");
  }
  return send(g, deltas ? "bulkincrementinventory" : "bulkinventory",
              syncback::bulk_inventory_body(batch));
}

AttemptOutcome CommerceupDelivery::order_status(Group& g) {
  auto change = syncback::order_status_of(g.head);
  if (!change)
    return dead(g, DeliveryResult::failure(ResultClass::invalid, "damaged row"),
                "the stored change no longer parses");
  std::string order_id = change->order_id;
  if (order_id.empty()) {
    auto mapped = ids_.find_our_id(g.head.tenant, store::EntityKind::order, change->erp_order_id);
    if (!mapped) {
      const std::string why = "no Commerceup order is mapped to ERP order " + change->erp_order_id +
                              " (the id map knows only orders created through erpbridge; push "
                              "order_id instead)";
      return dead(g, DeliveryResult::failure(ResultClass::permanent, why), why);
    }
    order_id = *mapped;
  }
  g.summary = "order=" + order_id + " status=\"" + change->status + "\"";
  return send(g, "orderstatus", syncback::order_status_body(order_id, *change));
}

AttemptOutcome CommerceupDelivery::send(Group& g, const char* endpoint, const std::string& body) {
  http::Request request;
  request.method = "POST";
  request.target = endpoint;
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  request.body = body;
  const http::Response response = g.tenant.commerceup->send(request);
  DeliveryResult result =
      syncback::classify_commerceup_reply(response, std::chrono::system_clock::now());
  // Commerceup's reply may echo the request (its x-api-key): scrub every secret of the tenant,
  // which its connector holds, before the reply's words are stored or logged.
  plugin::SecretRedactor commerceup_only;
  if (!g.tenant.connector) commerceup_only.add_endpoint(g.tenant.commerceup->config());
  plugin::redact_result(result,
                        g.tenant.connector ? g.tenant.connector->secrets() : commerceup_only);
  if (g.deltas && result.result_class == ResultClass::in_doubt)
    return dead(g, result,
                "a stock delta batch may have been applied (no reply); not resent automatically: "
                "check Commerceup's stock, then replay");
  return finish(g, result);
}

AttemptOutcome CommerceupDelivery::finish(Group& g, const DeliveryResult& result) {
  AttemptFacts facts{g.attempt, g.head.accepted_at_ms, unix_now_ms(), g.in_doubt_before};
  Decision d = decide(g.tenant.config.delivery, result, facts, jitter_unit());
  switch (d.kind) {
    case Decision::Kind::delivered:
      return delivered(g, result, "sent");
    case Decision::Kind::dead:
      return dead(g, result, d.reason);
    case Decision::Kind::retry:
      break;
  }
  outbox_.reschedule_group(g.seqs(), d.state, g.attempt, d.next_attempt_at_ms,
                           to_string(result.result_class), result.message);
  const bool doubt = d.state == store::EventState::in_doubt;
  count(g, "failed");
  count(g, doubt ? "in_doubt" : "retried");
  log_outcome(g, doubt ? "in_doubt" : "retry", result,
              "next_in_ms=" + std::to_string(d.next_attempt_at_ms - facts.now_ms));
  return {Kind::retry};
}

AttemptOutcome CommerceupDelivery::delivered(Group& g, const DeliveryResult& result,
                                             const std::string& detail) {
  outbox_.mark_group_delivered(g.seqs(), g.attempt, pipeline::result_json_text(result));
  const std::int64_t now = unix_now_ms();
  for (const auto& row : g.rows) {
    metrics_.count_event(row.tenant, row.event_type, "delivered");
    metrics_.observe_delivery_latency(row.tenant,
                                      static_cast<double>(now - row.accepted_at_ms) / 1000.0);
  }
  log_outcome(g, "delivered", result, detail);
  return {Kind::delivered};
}

AttemptOutcome CommerceupDelivery::dead(Group& g, const DeliveryResult& result,
                                        const std::string& reason) {
  outbox_.mark_group_dead(g.seqs(), g.attempt, to_string(result.result_class), reason,
                          pipeline::result_json_text(result));
  count(g, "failed");
  count(g, "dead_lettered");
  log_outcome(g, "dead_lettered", result, "reason=\"" + reason + "\"");
  return {Kind::dead};
}

// Like a tenant missing from the config: wait (no attempt counted) until a reload brings the
// section back, or max_age passes.
AttemptOutcome CommerceupDelivery::not_configured(Group& g) {
  const std::string why = "tenant " + g.head.tenant + " has no commerceup: section";
  const std::int64_t now = unix_now_ms();
  if (past_max_age(g.tenant.config.delivery, g.head.accepted_at_ms, now)) {
    g.attempt = g.head.attempts;
    return dead(g, DeliveryResult::failure(ResultClass::permanent, why),
                "gave up: max_age; " + why);
  }
  outbox_.release(g.head.seq, now + tenant_wait_delay(now - g.head.accepted_at_ms).count(), why);
  if (!(g.head.last_class == "waiting" && g.head.last_error == why))
    log_line(LogLevel::warn, "delivery tenant=" + g.head.tenant + " event=" + g.head.event_id +
                                 " type=" + g.head.event_type + " outcome=waiting reason=\"" + why +
                                 "\"");
  return {Kind::waiting};
}

void CommerceupDelivery::count(const Group& g, const char* outcome) {
  for (const auto& row : g.rows) metrics_.count_event(row.tenant, row.event_type, outcome);
}

// One line per call, like the ERP direction: ids, counts, class and a secret-free message;
// never the body sent, never the API key.
void CommerceupDelivery::log_outcome(const Group& g, const char* outcome,
                                     const DeliveryResult& result,
                                     const std::string& detail) const {
  const auto call_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - g.started).count();
  std::string line = "delivery tenant=" + g.head.tenant + " event=" + g.head.event_id +
                     " type=" + g.head.event_type + " to=commerceup outcome=" + outcome +
                     " class=" + to_string(result.result_class) +
                     " attempt=" + std::to_string(g.attempt) +
                     " call_ms=" + std::to_string(call_ms) +
                     " latency_ms=" + std::to_string(unix_now_ms() - g.head.accepted_at_ms);
  if (!g.summary.empty()) line += " " + g.summary;
  if (result.http_status) line += " http_status=" + std::to_string(result.http_status);
  if (!detail.empty()) line += " " + detail;
  if (!result.ok() && !result.message.empty() && detail.find(result.message) == std::string::npos)
    line += " message=\"" + result.message + "\"";
  log_line(std::string(outcome) == "dead_lettered" ? LogLevel::warn : LogLevel::info, line);
}

}  // namespace erpbridge::service
