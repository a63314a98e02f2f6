// The sink for rows going to the tenant's ERP: the four Commerceup events, through the
// tenant's connector (pipeline::EventDispatcher resolves their references from the id map
// first: a missing parent means waiting, not failing). In doubt, the connector's lookup asks
// the ERP whether the earlier attempt created the document.
#pragma once

#include "pipeline/event_dispatcher.hpp"
#include "service/delivery_sink.hpp"

namespace erpbridge::service {

class ErpSink final : public DeliverySink {
 public:
  // `dispatcher` must leave the ids to its caller (pipeline::IdRecording::by_caller): they
  // are written with the outcome.
  explicit ErpSink(pipeline::EventDispatcher& dispatcher) : dispatcher_(dispatcher) {}

  bool handles(std::string_view event_type) const override;
  const char* log_tag() const override { return ""; }
  std::optional<SinkReply> look_up(const SinkBatch& batch) override;
  SinkReply put(const SinkBatch& batch) override;

 private:
  pipeline::EventDispatcher& dispatcher_;
};

}  // namespace erpbridge::service
