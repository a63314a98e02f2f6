// Where a claimed group of outbox rows goes: the tenant's ERP (through its connector) or the
// tenant's Commerceup store (through its open API). A sink only maps and sends; the attempt
// pipeline (service/delivery_attempt.hpp) owns claiming, retries, ordering, dead letters,
// metrics and the log, for both directions alike. The contract follows fluent-bit's output
// flush (OK / RETRY / ERROR, the engine owning backoff) and Kafka Connect's SinkTask.put.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/delivery_result.hpp"
#include "events/event.hpp"
#include "service/runtime.hpp"
#include "store/id_map.hpp"
#include "store/outbox_rows.hpp"

namespace erpbridge::service {

// One call's worth of claimed rows.
struct SinkBatch {
  const TenantRuntime& tenant;
  const std::vector<store::OutboxEvent>& rows;  // the claimed lane head, then rows that may join it
  const events::Event* parsed = nullptr;        // the head's event when the caller still has it
  std::string idempotency_key;                  // "<tenant>:<event_id>" of the head, every attempt
  int attempt = 1;                              // the attempt this is, if it reaches the far side
  bool in_doubt = false;  // an earlier attempt may have arrived and nothing has ruled it out
};

// What a sink made of a batch.
struct SinkReply {
  enum class Kind {
    sent,     // `result` is the far side's answer (or a settled no-op): the pipeline classifies it
    waiting,  // not sent: a reference has no ERP id yet (`why`); no attempt is counted
    give_up,  // must not be sent (again) as it is: a dead letter now, `why` says why
  };
  Kind kind = Kind::sent;
  DeliveryResult result;
  bool reached = true;   // the far side was (or may have been) called: the attempt counts
  std::size_t rows = 1;  // how many of the batch's rows, from the head on, the call covered
  std::string why;       // waiting, give_up
  std::vector<store::IdMapEntry> created_ids;  // delivered: written with the outcome
  std::string detail;   // for the log line: "sent", "found by lookup, not resent", ...
  std::string summary;  // for the log line: what the call covered ("rows=3 skus=2"), or empty

  static SinkReply give_up_with(DeliveryResult result, std::string why, bool reached) {
    SinkReply r;
    r.kind = Kind::give_up;
    r.result = std::move(result);
    r.why = std::move(why);
    r.reached = reached;
    return r;
  }
};

class DeliverySink {
 public:
  virtual ~DeliverySink() = default;

  // Rows of this event type are this sink's.
  virtual bool handles(std::string_view event_type) const = 0;
  // Tells the sink's lines apart in the log (" to=commerceup"), or "".
  virtual const char* log_tag() const = 0;
  // Why the tenant cannot take this sink's rows now (e.g. its file has no section for it):
  // the head waits, without an attempt, until a reload fixes it or max_age passes.
  virtual std::optional<std::string> unavailable(const TenantRuntime&) const {
    return std::nullopt;
  }
  // How many rows queued right behind `head` may join it in one call; 0: the head goes alone.
  virtual std::size_t followers_wanted(const store::OutboxEvent&, const TenantRuntime&) const {
    return 0;
  }
  // For a batch in doubt: asks the far side whether the earlier attempt arrived. The reply's
  // result is ok with `found` set when it answered (created_ids filled when found); nullopt
  // when this sink, or this row, cannot be looked up. Never counts as reaching the far side
  // on its own (the pipeline decides).
  virtual std::optional<SinkReply> look_up(const SinkBatch&) { return std::nullopt; }
  // Sends the batch (or as much of it, from the head on, as one call takes).
  virtual SinkReply put(const SinkBatch& batch) = 0;
};

}  // namespace erpbridge::service
