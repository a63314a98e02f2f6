// The sale.sale states and the buttons between them (PROTOCOL.md §5):
//   draft -quote-> quotation -confirm-> confirmed -(process, same request)-> processing
//   draft|quotation -cancel-> cancelled;  quotation|confirmed|cancelled -draft-> draft
// Buttons answer null whatever happened and silently skip a sale in the wrong state, so each
// press reads the state back and fails unless the sale got where it should.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "json_rpc_client.hpp"
#include "outcome.hpp"
#include "tryton_settings.hpp"

namespace erpbridge::tryton {

class SaleWorkflow {
 public:
  explicit SaleWorkflow(JsonRpcClient& rpc) : rpc_(rpc) {}

  Expected<std::string> state(std::int64_t sale);
  // Presses `button` and returns the state read back; a permanent failure unless it is one of
  // `expected`.
  Expected<std::string> press(std::int64_t sale, std::string_view button,
                              std::initializer_list<std::string_view> expected);
  // Takes a sale in `current` state as far as `target` says: quote a draft, confirm a quotation.
  Expected<std::string> advance(std::int64_t sale, std::string current,
                                const WorkflowSettings& target);

  // Whether a sale in `state` is as far as `target` takes a new sale (or further).
  static bool reached(std::string_view state, const WorkflowSettings& target);

 private:
  JsonRpcClient& rpc_;
};

}  // namespace erpbridge::tryton
