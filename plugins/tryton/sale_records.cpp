#include "sale_records.hpp"

#include <boost/json.hpp>

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

const json::array kSaleFields{"state",     "number",           "reference",        "comment",
                              "party",     "invoice_address",  "shipment_address", "currency",
                              "shipments", "shipment_returns", "invoices"};
const json::array kLineFields{"sale",     "sequence",   "product",    "unit",
                              "quantity", "unit_price", "description"};

std::string text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<std::int64_t> id_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? decode_id(*v) : std::nullopt;
}

std::vector<std::int64_t> ids_at(const json::object& o, std::string_view key) {
  std::vector<std::int64_t> ids;
  const auto* v = o.if_contains(key);
  if (!v || !v->is_array()) return ids;
  for (const auto& item : v->as_array())
    if (auto id = decode_id(item)) ids.push_back(*id);
  return ids;
}

SaleHeader header_of(const json::object& row) {
  SaleHeader s;
  s.id = id_at(row, "id").value_or(0);
  s.state = text(row, "state");
  s.number = text(row, "number");
  s.reference = text(row, "reference");
  s.comment = text(row, "comment");
  s.party = id_at(row, "party");
  s.invoice_address = id_at(row, "invoice_address");
  s.shipment_address = id_at(row, "shipment_address");
  s.currency = id_at(row, "currency");
  s.shipments = ids_at(row, "shipments");
  s.shipment_returns = ids_at(row, "shipment_returns");
  s.invoices = ids_at(row, "invoices");
  return s;
}

SaleLine line_of(const json::object& row) {
  SaleLine l;
  l.id = id_at(row, "id").value_or(0);
  l.sale = id_at(row, "sale").value_or(0);
  if (const auto* v = row.if_contains("sequence"); v && v->is_int64()) l.sequence = v->as_int64();
  l.product = id_at(row, "product");
  l.unit = id_at(row, "unit");
  if (const auto* v = row.if_contains("quantity"); v && v->is_number())
    l.quantity = v->to_number<double>();
  if (const auto* v = row.if_contains("unit_price")) l.unit_price = decode_decimal(*v);
  l.description = text(row, "description");
  return l;
}

Expected<std::vector<SaleLine>> lines_of(const Expected<json::value>& rows) {
  if (!rows) return rows.failure();
  if (!rows->is_array()) return permanent("unexpected reply from Tryton reading sale lines");
  std::vector<SaleLine> lines;
  for (const auto& row : rows->as_array())
    if (row.is_object()) lines.push_back(line_of(row.as_object()));
  return lines;
}

}  // namespace

Expected<SaleHeader> read_sale(JsonRpcClient& rpc, std::int64_t id) {
  auto rows = rpc.read("sale.sale", json::array{id}, kSaleFields);
  if (!rows) return rows.failure();
  if (!rows->is_array() || rows->as_array().size() != 1 || !rows->as_array()[0].is_object())
    return permanent("sale " + std::to_string(id) + " is not in Tryton");
  return header_of(rows->as_array()[0].as_object());
}

Expected<std::optional<SaleHeader>> find_sale(JsonRpcClient& rpc, const std::string& reference) {
  json::array domain{json::array{"reference", "=", json::string(reference)}};
  json::array order{json::array{"id", "ASC"}};
  auto rows = rpc.search_read("sale.sale", domain, kSaleFields, order, 1);
  if (!rows) return rows.failure();
  if (!rows->is_array()) return permanent("unexpected reply from Tryton searching sales");
  if (rows->as_array().empty() || !rows->as_array()[0].is_object())
    return std::optional<SaleHeader>();
  return std::optional<SaleHeader>(header_of(rows->as_array()[0].as_object()));
}

Expected<std::vector<SaleLine>> read_lines(JsonRpcClient& rpc, std::int64_t sale) {
  json::array domain{json::array{"sale", "=", sale}};
  json::array order{json::array{"sequence", "ASC"}, json::array{"id", "ASC"}};
  return lines_of(rpc.search_read("sale.line", domain, kLineFields, order));
}

Expected<std::vector<SaleLine>> read_lines_by_id(JsonRpcClient& rpc,
                                                 const std::vector<std::int64_t>& ids) {
  json::array list;
  for (auto id : ids) list.emplace_back(id);
  return lines_of(rpc.read("sale.line", list, kLineFields));
}

json::object line_erp_ids(const std::vector<std::string>& line_ids,
                          const std::vector<SaleLine>& lines) {
  json::object out;
  for (std::size_t i = 0; i < line_ids.size(); ++i) {
    const auto sequence = static_cast<std::int64_t>(i + 1);
    for (const auto& line : lines) {
      if (line.sequence != sequence) continue;
      out[line_ids[i]] = std::to_string(line.id);
      break;
    }
  }
  return out;
}

}  // namespace erpbridge::tryton
