// Reading sales back from Tryton: by our reference, their header and their lines. Every flow
// reads what Tryton actually holds before and after it changes anything.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "json_rpc_client.hpp"
#include "outcome.hpp"
#include "value_encoding.hpp"

namespace erpbridge::tryton {

struct SaleHeader {
  std::int64_t id = 0;
  std::string state;
  std::string number;
  std::string reference;
  std::string comment;
  std::optional<std::int64_t> party;
  std::optional<std::int64_t> invoice_address;
  std::optional<std::int64_t> shipment_address;
  std::optional<std::int64_t> currency;
  std::vector<std::int64_t> shipments;         // customer shipments
  std::vector<std::int64_t> shipment_returns;  // customer return shipments (return sales)
  std::vector<std::int64_t> invoices;
};

struct SaleLine {
  std::int64_t id = 0;
  std::int64_t sale = 0;
  std::int64_t sequence = 0;
  std::optional<std::int64_t> product;
  std::optional<std::int64_t> unit;
  double quantity = 0;
  std::optional<Decimal> unit_price;
  std::string description;
};

Expected<SaleHeader> read_sale(JsonRpcClient& rpc, std::int64_t id);
// The oldest sale whose reference is exactly `reference`, or nullopt.
Expected<std::optional<SaleHeader>> find_sale(JsonRpcClient& rpc, const std::string& reference);
Expected<std::vector<SaleLine>> read_lines(JsonRpcClient& rpc, std::int64_t sale);
Expected<std::vector<SaleLine>> read_lines_by_id(JsonRpcClient& rpc,
                                                 const std::vector<std::int64_t>& ids);

// our line_id -> sale.line id (as text), by position: the n-th of `line_ids` is the line with
// sequence n. Lines that are gone (cancelled) are left out.
boost::json::object line_erp_ids(const std::vector<std::string>& line_ids,
                                 const std::vector<SaleLine>& lines);

}  // namespace erpbridge::tryton
