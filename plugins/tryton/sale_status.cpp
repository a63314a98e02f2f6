#include "sale_status.hpp"

namespace erpbridge::tryton {

std::string_view situation_name(SaleSituation situation) {
  return kSituationNames.at(static_cast<std::size_t>(situation));
}

std::optional<SaleSituation> situation_named(std::string_view name) {
  for (std::size_t i = 0; i < kSituationNames.size(); ++i)
    if (kSituationNames[i] == name) return static_cast<SaleSituation>(i);
  return std::nullopt;
}

std::optional<SaleSituation> situation_of(const SaleSnapshot& sale) {
  const auto& state = sale.state;
  if (sale.is_return) {
    if (state == "cancelled") return SaleSituation::return_cancelled;
    if (state == "confirmed" || state == "processing" || state == "done")
      return SaleSituation::return_confirmed;
    return std::nullopt;
  }
  if (state == "cancelled") return SaleSituation::cancelled;
  // A void (cancel_processing: void) closes the sale as done in Tryton 6.0; for the store it
  // was cancelled.
  if (state == "done") return sale.voided ? SaleSituation::cancelled : SaleSituation::done;
  if (state == "processing")
    return sale.shipment_state == "sent" ? SaleSituation::shipped : SaleSituation::processing;
  if (state == "confirmed") return SaleSituation::confirmed;
  return std::nullopt;
}

StatusMap default_status_map() {
  return StatusMap{
      {SaleSituation::confirmed, "In Process"},
      {SaleSituation::processing, "In Process"},
      {SaleSituation::shipped, "Shipped"},
      {SaleSituation::done, "Delivered"},
      {SaleSituation::cancelled, "Cancelled"},
      {SaleSituation::return_confirmed, "Return Approved"},
      {SaleSituation::return_cancelled, "Return Rejected"},
  };
}

std::optional<std::string> commerceup_status(const SaleSnapshot& sale, const StatusMap& map) {
  const auto situation = situation_of(sale);
  if (!situation) return std::nullopt;
  const auto it = map.find(*situation);
  if (it == map.end() || !it->second || it->second->empty()) return std::nullopt;
  return it->second;
}

}  // namespace erpbridge::tryton
