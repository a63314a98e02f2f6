// What the document builders share: reading the event's fields, the control record, and the
// segments more than one message type writes (partners, references, organization data,
// materials, totals). Internal to the adapter.
#pragma once

#include <erpbridge/connector.hpp>
#include <erpbridge/events.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "idoc_builder.hpp"
#include "idoc_writer.hpp"
#include "sap_settings.hpp"

namespace erpbridge::sap_xml::parts {

using boost::json::object;

[[noreturn]] void refuse(const std::string& message);

// A scalar field as text; "" when missing or null. Numbers keep their JSON spelling.
std::string text(const object& o, std::string_view key);
const object& child_object(const object& o, std::string_view key);
// A field the host does not validate, checked as SAP reads decimals; "" when missing.
std::string decimal(const object& o, std::string_view key, std::string_view where);
// The SAP date of an RFC 3339 time the host validated (core/events); "" when absent.
std::string document_date(std::string_view rfc3339);

// <IDOCTYP><IDOC BEGIN="1"> and the EDI_DC40 control record; end_idoc closes both.
void begin_idoc(IdocWriter& w, const sdk::Delivery& d, const Settings& s, const MessageSettings& m);
void end_idoc(IdocWriter& w);

// A name in NAME1 and NAME2 (35 characters each), broken at a space; the rest of a longer
// name goes through the overflow policy as the tail of NAME2.
void name_fields(IdocWriter& w, std::string_view segment, std::string_view name);
// "line1, line2" when both are given: SAP has one street field (STRAS) in E1KNA1M.
std::string street(const sdk::AddressView& address);

// E1EDK14 organizational data: the tenant's sales area (008, 007, 006) and `order_type` (012).
void organization(IdocWriter& w, const Settings& s, std::string_view order_type);
// The header of an order or a return order: E1EDK01 currency, organization data and, when
// `day` is given, E1EDK03 document date (012).
void order_header(IdocWriter& w, const Settings& s, std::string_view currency,
                  std::string_view order_type, std::string_view day);
// E1EDKA1 PARVW AG: the sold-to party by its SAP customer number.
void sold_to(IdocWriter& w, std::string_view customer);
// E1EDKA1 with a full address (ship-to WE, bill-to RE); nothing for an absent or empty address.
void partner(IdocWriter& w, std::string_view role, const std::optional<sdk::AddressView>& address);
// E1EDK02: a header reference (001 the customer's PO number, 002 SAP's sales order).
void reference(IdocWriter& w, std::string_view qualifier, std::string_view number,
               std::string_view day = "");
// E1EDP19: the item's SKU under the qualifiers of `material_number`, with its name.
void material(IdocWriter& w, std::string_view sku, std::string_view name, const Settings& s);
// E1EDS01: number of items (001) and the sum of the items' net values (002).
void totals(IdocWriter& w, const std::vector<std::string>& net_values, std::string_view currency);

std::string unit_of(const object& item, const Settings& s);
// refs.customer_erp_id, ALPHA-converted; refused naming `why` when absent.
std::string customer_number(const sdk::Delivery& d, std::string_view why);
// refs.order_erp_id, ALPHA-converted; refused when absent.
std::string order_number(const sdk::Delivery& d);
// The SAP item number an earlier order.created gave `line_id` (refs.line_erp_ids).
std::string erp_position(const sdk::Delivery& d, const std::string& line_id);

}  // namespace erpbridge::sap_xml::parts

namespace erpbridge::sap_xml {

// One builder per event, each in its flow: customer_flow.cpp, order_flow.cpp, cancel_flow.cpp,
// return_flow.cpp.
Idoc customer_document(const sdk::Delivery& d, const Settings& s, const MessageSettings& m);
Idoc order_document(const sdk::Delivery& d, const Settings& s, const MessageSettings& m);
Idoc return_document(const sdk::Delivery& d, const Settings& s, const MessageSettings& m);
Idoc change_document(const sdk::Delivery& d, const Settings& s, const MessageSettings& m);

}  // namespace erpbridge::sap_xml
