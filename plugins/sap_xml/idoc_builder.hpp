// Maps the four events to IDocs in SAP's segment definitions: DEBMAS for customers, ORDERS05
// for orders and returns, ORDCHG for cancellations (one flow file per event builds them).
// Pure functions of (event, refs, settings): no I/O.
#pragma once

#include <erpbridge/connector.hpp>

#include <map>
#include <string>

#include "sap_settings.hpp"

namespace erpbridge::sap_xml {

struct Idoc {
  std::string xml;  // the IDoc root element (no XML declaration, no envelope)
  // Position numbers we gave the order's lines (POSEX), by our line id: the order's
  // line_erp_ids, which later cancels and returns refer to.
  std::map<std::string, std::string> positions;
};

// Throws sdk::ConnectorError(invalid) when the event cannot be mapped (a missing reference,
// a malformed date or amount, a field too long under the `refuse` policy).
Idoc build_idoc(const sdk::Delivery& delivery, const Settings& settings);

// "000010", "000020", ...: the SAP item number of the `index`-th (0-based) line.
std::string position_number(std::size_t index);

}  // namespace erpbridge::sap_xml
