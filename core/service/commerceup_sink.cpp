#include "service/commerceup_sink.hpp"

#include <algorithm>
#include <chrono>

#include "plugin/result_redaction.hpp"
#include "syncback/change_events.hpp"
#include "syncback/commerceup_calls.hpp"
#include "syncback/commerceup_reply.hpp"

namespace erpbridge::service {

namespace {

std::size_t inventory_batch_size(const TenantRuntime& tenant) {
  return std::max<std::size_t>(1, tenant.config.commerceup.inventory_batch_size);
}

bool is_inventory(const std::string& event_type) {
  return event_type == syncback::kInventoryEvent || event_type == syncback::kInventoryDeltaEvent;
}

// Sync-back rows count an attempt even when no call was made: they are given up only when
// damaged or unmappable, which no retry changes.
SinkReply give_up(ResultClass c, const std::string& message, std::string why) {
  return SinkReply::give_up_with(DeliveryResult::failure(c, message), std::move(why),
                                 /*reached=*/true);
}

}  // namespace

bool CommerceupSink::handles(std::string_view event_type) const {
  return event_type == syncback::kInventoryEvent || event_type == syncback::kInventoryDeltaEvent ||
         event_type == syncback::kOrderStatusEvent;
}

// Like a tenant missing from the config: wait until a reload brings the section back.
std::optional<std::string> CommerceupSink::unavailable(const TenantRuntime& tenant) const {
  if (tenant.commerceup) return std::nullopt;
  return "tenant " + tenant.config.id + " has no commerceup: section";
}

// Enough rows to fill a batch even when many of them repeat a SKU, without reading a whole
// backlog into memory.
std::size_t CommerceupSink::followers_wanted(const store::OutboxEvent& head,
                                             const TenantRuntime& tenant) const {
  if (!is_inventory(head.event_type)) return 0;
  return std::clamp<std::size_t>(inventory_batch_size(tenant) * 4, 16, 4000);
}

SinkReply CommerceupSink::put(const SinkBatch& batch) {
  const std::string& type = batch.rows.front().event_type;
  if (type == syncback::kOrderStatusEvent) return order_status(batch);
  return inventory(batch, type == syncback::kInventoryDeltaEvent);
}

SinkReply CommerceupSink::inventory(const SinkBatch& batch, bool deltas) {
  const syncback::InventoryBatch stock =
      syncback::coalesce_inventory(batch.rows, deltas, inventory_batch_size(batch.tenant));
  SinkReply reply;
  if (stock.rows == 0)
    reply = give_up(ResultClass::invalid, "damaged row", "the stored change no longer parses");
  else if (deltas && batch.in_doubt)
    // Only a crash mid-call gets a delta head here in doubt (a reply that never came sends the
    // batch to the dead letters at once): it may have been applied, so never resend.
    reply = give_up(ResultClass::in_doubt, "interrupted during delivery",
                    "a stock delta batch may already have been applied (the delivery was "
                    "interrupted); not resent automatically: check Commerceup's stock, then "
                    "replay");
  else if (stock.entries.empty()) {
    reply.result.message = "the deltas cancel out; nothing to send";
    reply.detail = "not sent: deltas cancel out";
  } else {
    reply = send(batch, deltas ? "bulkincrementinventory" : "bulkinventory",
                 syncback::bulk_inventory_body(stock), deltas);
  }
  reply.rows = std::max<std::size_t>(stock.rows, 1);
  reply.summary =
      "rows=" + std::to_string(reply.rows) + " skus=" + std::to_string(stock.entries.size());
  return reply;
}

SinkReply CommerceupSink::order_status(const SinkBatch& batch) {
  const store::OutboxEvent& head = batch.rows.front();
  auto change = syncback::order_status_of(head);
  if (!change)
    return give_up(ResultClass::invalid, "damaged row", "the stored change no longer parses");
  std::string order_id = change->order_id;
  if (order_id.empty()) {
    auto mapped = ids_.find_our_id(head.tenant, store::EntityKind::order, change->erp_order_id);
    if (!mapped) {
      const std::string why = "no Commerceup order is mapped to ERP order " + change->erp_order_id +
                              " (the id map knows only orders created through erpbridge; push "
                              "order_id instead)";
      return give_up(ResultClass::permanent, why, why);
    }
    order_id = *mapped;
  }
  SinkReply reply = send(batch, "orderstatus", syncback::order_status_body(order_id, *change),
                         /*deltas=*/false);
  reply.summary = "order=" + order_id + " status=\"" + change->status + "\"";
  return reply;
}

SinkReply CommerceupSink::send(const SinkBatch& batch, const char* endpoint,
                               const std::string& body, bool deltas) {
  http::Request request;
  request.method = "POST";
  request.target = endpoint;
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  request.body = body;
  const http::Response response = batch.tenant.commerceup->send(request);
  DeliveryResult result =
      syncback::classify_commerceup_reply(response, std::chrono::system_clock::now());
  // Commerceup's reply may echo the request (its x-api-key): scrub every secret of the tenant,
  // which its connector holds, before the reply's words are stored or logged.
  plugin::SecretRedactor commerceup_only;
  if (!batch.tenant.connector) commerceup_only.add_endpoint(batch.tenant.commerceup->config());
  plugin::redact_result(
      result, batch.tenant.connector ? batch.tenant.connector->secrets() : commerceup_only);
  if (deltas && result.result_class == ResultClass::in_doubt)
    return SinkReply::give_up_with(
        std::move(result),
        "a stock delta batch may have been applied (no reply); not resent automatically: "
        "check Commerceup's stock, then replay",
        /*reached=*/true);
  SinkReply reply;
  reply.result = std::move(result);
  reply.detail = "sent";
  return reply;
}

}  // namespace erpbridge::service
