// The tenant's `settings:` for the tryton connector, declared once as SDK settings tables and
// validated at construction: unknown keys, wrong types and missing keys are sdk::SettingsError
// with the JSON pointer of the setting ("/workflow/confirm"). README.md documents each one.
#pragma once

#include <erpbridge/settings.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "pull_settings.hpp"

namespace erpbridge::tryton {

// How far a new sale (and a return sale) is taken after it is created.
struct WorkflowSettings {
  bool quote = true;    // draft -> quotation (numbers the sale, checks its addresses)
  bool confirm = true;  // quotation -> confirmed -> processing (invoice and shipment created)
};

// Which currency a sale gets.
enum class CurrencySource {
  order,    // the event's ISO code, looked up in currency.currency
  company,  // Tryton's default: the company's currency
};

// What a full cancellation does with a sale Tryton has already processed.
enum class ProcessingCancel {
  refuse,  // a permanent error that says why
  void_,   // cancel its shipments and invoices, then close it (PROTOCOL.md §5)
};

struct TrytonSettings {
  std::string database;
  std::string login;
  std::string password;
  std::int64_t company = 1;
  std::string language = "en";
  WorkflowSettings workflow;
  std::string party_code_prefix;
  std::map<std::string, std::string> country_codes;  // event value -> ISO code
  std::optional<std::string> default_country;
  CurrencySource currency = CurrencySource::order;
  std::variant<std::monostate, std::int64_t, std::string> unit;  // id, or name/symbol
  std::optional<std::int64_t> payment_term;
  std::optional<std::string> shipping_product;  // SKU of a shipping-cost line
  ProcessingCancel cancel_processing = ProcessingCancel::refuse;
  std::uint32_t timeout_ms = 0;  // per call; 0: the connection's read timeout
  PullSettings pull;             // what a pull of changes reports (docs/sync-back.md)

  // The JSON-RPC path: "/<database>/".
  std::string path() const { return "/" + database + "/"; }
  // The context every call carries.
  boost::json::object context() const;
};

// Throws sdk::SettingsError.
TrytonSettings parse_tryton_settings(const boost::json::object& settings);

// The top level of `settings:` as declared (`pull:` is pull_settings_schema()), for docs.
std::span<const sdk::Setting> tryton_settings_schema();

}  // namespace erpbridge::tryton
