// Which Commerceup order status a Tryton sale stands for. A sale is first put into one of a few
// situations (its state, its shipment state, whether it is a return sale); the tenant's status
// map (pull.statuses) then names the Commerceup status for each situation, or none.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace erpbridge::tryton {

// The situations, in the words of the pull.statuses setting.
enum class SaleSituation {
  confirmed,         // state confirmed (not processed yet)
  processing,        // state processing, goods not sent
  shipped,           // state processing, shipment_state sent
  done,              // state done: shipped and invoiced
  cancelled,         // state cancelled, or done by the connector's void (cancel_processing)
  return_confirmed,  // a return sale confirmed, processing or done
  return_cancelled,  // a return sale cancelled
};

inline constexpr std::array<std::string_view, 7> kSituationNames = {
    "confirmed", "processing",       "shipped",         "done",
    "cancelled", "return_confirmed", "return_cancelled"};

// Commerceup's order statuses (orderstatus in its open API).
inline constexpr std::array<std::string_view, 7> kCommerceupStatuses = {
    "In Process",       "Shipped",         "Delivered",      "Cancelled",
    "Return Requested", "Return Approved", "Return Rejected"};

std::string_view situation_name(SaleSituation situation);
std::optional<SaleSituation> situation_named(std::string_view name);

// What the pull reads of a sale to place it.
struct SaleSnapshot {
  std::string state;           // draft, quotation, confirmed, processing, done, cancelled
  std::string shipment_state;  // none, waiting, sent, exception
  bool is_return = false;      // a return sale made by order.returned
  bool voided = false;         // carries the connector's "[erpbridge] voided" note
};

// nullopt for sales that mean nothing to the store yet (draft, quotation) or states this
// connector does not know.
std::optional<SaleSituation> situation_of(const SaleSnapshot& sale);

// situation -> Commerceup status; a missing or empty entry reports nothing.
using StatusMap = std::map<SaleSituation, std::optional<std::string>>;

// In Process, In Process, Shipped, Delivered, Cancelled, Return Approved, Return Rejected.
StatusMap default_status_map();

// The status to report for `sale`, or nullopt.
std::optional<std::string> commerceup_status(const SaleSnapshot& sale, const StatusMap& map);

}  // namespace erpbridge::tryton
