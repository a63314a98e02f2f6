// The sink for sync-back rows (commerceup.*), going to the tenant's Commerceup store through
// its open API with the host's own HTTP client (docs/sync-back.md). An inventory head takes
// the rows queued behind it into one bulk call; an order-status row is one call, its order
// found in the id map when the change names only the ERP's order.
#pragma once

#include "service/delivery_sink.hpp"
#include "store/id_map.hpp"

namespace erpbridge::service {

class CommerceupSink final : public DeliverySink {
 public:
  explicit CommerceupSink(const store::IdMap& ids) : ids_(ids) {}

  bool handles(std::string_view event_type) const override;
  const char* log_tag() const override { return " to=commerceup"; }
  std::optional<std::string> unavailable(const TenantRuntime& tenant) const override;
  std::size_t followers_wanted(const store::OutboxEvent& head,
                               const TenantRuntime& tenant) const override;
  SinkReply put(const SinkBatch& batch) override;

 private:
  SinkReply inventory(const SinkBatch& batch, bool deltas);
  SinkReply order_status(const SinkBatch& batch);
  SinkReply send(const SinkBatch& batch, const char* endpoint, const std::string& body,
                 bool deltas);

  const store::IdMap& ids_;
};

}  // namespace erpbridge::service
