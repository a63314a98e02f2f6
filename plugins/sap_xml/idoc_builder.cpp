#include "idoc_builder.hpp"

#include <cstdio>

#include "idoc_parts.hpp"

namespace erpbridge::sap_xml {

std::string position_number(std::size_t index) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%06zu", (index + 1) * 10);
  return buffer;
}

Idoc build_idoc(const sdk::Delivery& delivery, const Settings& settings) {
  const std::string type(delivery.event_type());
  const MessageSettings& message = settings.message(type);
  if (type == "customer.created") return customer_document(delivery, settings, message);
  if (type == "order.created") return order_document(delivery, settings, message);
  if (type == "order.cancelled") return change_document(delivery, settings, message);
  return return_document(delivery, settings, message);
}

}  // namespace erpbridge::sap_xml
