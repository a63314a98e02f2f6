// How a claimed group of rows (a lane head and the rows that went with it in one call; most
// often the head alone) is finished: ONE outcome for the whole group, written by
// OutcomeWriter::finish in one transaction. The delivery pipeline (service/delivery_attempt)
// builds them; the store applies them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/id_map.hpp"
#include "store/outbox_rows.hpp"

namespace erpbridge::store {

enum class Outcome {
  delivered,  // final success: erp_id, result_json and created_ids are written
  dead,       // given up: a dead letter with last_class, last_error and result_json
  retry,      // queued again at next_attempt_at_ms, the attempt counted
  in_doubt,   // the same, but the next attempt looks the document up before resending
  waiting,    // back to its claimed state without an attempt; last_error says what it waits for
  released,   // back to its claimed state without an attempt or a note (drain, tenant limit)
};
const char* to_string(Outcome o);

struct GroupOutcome {
  std::vector<std::int64_t> seqs;  // the group, in lane order: head first
  Outcome outcome = Outcome::retry;
  int attempts = 0;                        // every row's attempt count after this attempt
  std::int64_t next_attempt_at_ms = 0;     // retry, in_doubt, waiting, released
  LastClass last_class = LastClass::none;  // dead, retry, in_doubt (waiting writes `waiting`)
  std::string last_error;                  // dead, retry, in_doubt; waiting: why it waits
  std::optional<std::string> erp_id;       // delivered: written to every row of the group
  std::string result_json;                 // delivered, dead
  // delivered: the ids the delivery created, written to the group's tenant's id map in the
  // same transaction, so an outcome and the ids it produced are stored together or not at all.
  std::vector<IdMapEntry> created_ids;
};

}  // namespace erpbridge::store
