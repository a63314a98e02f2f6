// The tenant settings that decide what the IDocs contain beyond the event: the customer's
// language, the sales area and company code SAP keeps the customer and its orders in, how
// items name their material, and which XSD checks each message type.
#pragma once

#include <erpbridge/settings.hpp>

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace erpbridge::sap_xml {

// E1KNVVM of a new customer, and E1EDK14 008/007/006 of its orders and returns.
struct SalesArea {
  std::string sales_organization;    // VKORG
  std::string distribution_channel;  // VTWEG
  std::string division;              // SPART
  // Optional E1KNVVM fields a sales-area customer usually needs ("" leaves them out).
  std::string customer_group;            // KDGRP
  std::string currency;                  // WAERS
  std::string pricing_procedure;         // KALKS
  std::string shipping_conditions;       // VSBED
  std::string account_assignment_group;  // KTGRD
  std::string payment_terms;             // ZTERM
};

// E1KNB1M of a new customer.
struct CompanyCode {
  std::string code;                    // BUKRS
  std::string reconciliation_account;  // AKONT
  std::string payment_terms;           // ZTERM
  bool email = true;                   // the customer's e-mail in SMTP_ADDR
};

// E1EDP19 qualifiers an item's SKU is sent under.
enum class MaterialNumber {
  sap,       // 002: the SKU is SAP's material number
  customer,  // 001: the SKU is the customer's material number (customer-material info record)
  both,      // 002 and 001
};

struct DocumentSettings {
  std::string language = "EN";  // E1KNA1M/SPRAS_ISO (ISO 639-1)
  std::string language_key;     // E1KNA1M/SPRAS (SAP's 1-character key); "" leaves it out
  std::optional<SalesArea> sales_area;
  std::optional<CompanyCode> company_code;
  MaterialNumber material_number = MaterialNumber::sap;
  std::map<std::string, std::string> xsd;  // XSD path by MESTYP; key "" for every message type
};

// Reads language, language_key, sales_area, company_code, material_number and xsd from the
// top level of the tenant's settings (declared in sap_settings.cpp's table). Throws
// sdk::SettingsError naming the key. `message_types` are the tenant's MESTYP values, the keys
// an `xsd:` mapping may use.
DocumentSettings parse_document_settings(const sdk::SettingsReader& top,
                                         const std::vector<std::string>& message_types);

// The keys of `sales_area:` and of `company_code:`, for sap_settings.cpp's table and the docs.
std::span<const sdk::Setting> sales_area_settings_schema();
std::span<const sdk::Setting> company_code_settings_schema();

}  // namespace erpbridge::sap_xml
