#include "sale_workflow.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

bool one_of(std::string_view state, std::initializer_list<std::string_view> states) {
  return std::find(states.begin(), states.end(), state) != states.end();
}

}  // namespace

Expected<std::string> SaleWorkflow::state(std::int64_t sale) {
  auto rows = rpc_.read("sale.sale", json::array{sale}, json::array{"state"});
  if (!rows) return rows.failure();
  const auto* list = rows->if_array();
  if (!list || list->size() != 1 || !(*list)[0].is_object())
    return permanent("sale " + std::to_string(sale) + " is not in Tryton");
  const auto* s = (*list)[0].as_object().if_contains("state");
  if (!s || !s->is_string())
    return permanent("Tryton sale " + std::to_string(sale) + " has no state");
  return std::string(s->as_string());
}

Expected<std::string> SaleWorkflow::press(std::int64_t sale, std::string_view button,
                                          std::initializer_list<std::string_view> expected) {
  auto pressed = rpc_.button("sale.sale", button, sale);
  if (!pressed) return pressed.failure();
  auto now = state(sale);
  if (!now) {
    // The button went through but we cannot tell where it left the sale.
    Failure f = now.failure();
    if (f.result_class == ResultClass::retryable) f.result_class = ResultClass::in_doubt;
    return f;
  }
  if (!one_of(*now, expected))
    return permanent("Tryton left sale " + std::to_string(sale) + " in state '" + *now +
                     "' after '" + std::string(button) + "'");
  return *now;
}

Expected<std::string> SaleWorkflow::advance(std::int64_t sale, std::string current,
                                            const WorkflowSettings& target) {
  if (current == "cancelled")
    return permanent("sale " + std::to_string(sale) + " is cancelled in Tryton");
  if (target.quote && current == "draft") {
    auto next = press(sale, "quote", {"quotation"});
    if (!next) return next;
    current = *next;
  }
  if (target.confirm && current == "quotation") {
    // `confirm` runs `process` in the same request when Tryton has no worker (PROTOCOL.md §5),
    // so the sale is normally `processing` afterwards; `confirmed` when processing is delayed.
    auto next = press(sale, "confirm", {"confirmed", "processing", "done"});
    if (!next) return next;
    current = *next;
  }
  return current;
}

bool SaleWorkflow::reached(std::string_view state, const WorkflowSettings& target) {
  if (target.confirm) return one_of(state, {"confirmed", "processing", "done"});
  if (target.quote) return one_of(state, {"quotation", "confirmed", "processing", "done"});
  return state != "cancelled" && !state.empty();
}

}  // namespace erpbridge::tryton
