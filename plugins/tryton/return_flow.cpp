#include "return_flow.hpp"

#include <erpbridge/events.hpp>

#include <boost/json.hpp>

#include "event_fields.hpp"
#include "sale_records.hpp"
#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

struct ReturnedItem {
  std::string line_id;
  std::int64_t erp_line = 0;
  json::value quantity;
  std::string reason;
};

struct ReturnRequest {
  std::int64_t sale = 0;
  std::string order_id;
  std::string return_id;
  std::string reference;  // "<order_id>/<return_id>"
  std::optional<Date> date;
  std::vector<ReturnedItem> items;
};

json::value negated(const json::value& quantity) {
  if (quantity.is_int64()) return -quantity.as_int64();
  return -quantity.to_number<double>();
}

Expected<ReturnRequest> return_request(const sdk::Delivery& delivery) {
  ReturnRequest r;
  auto sale = sale_of(delivery);
  if (!sale) return sale.failure();
  r.sale = *sale;
  // The host validated the event: ids present, at least one line, each with a positive
  // quantity (core/events).
  const auto ret = sdk::view_of<sdk::ReturnView>(delivery);
  r.order_id = ret.order_id();
  r.return_id = ret.return_id();
  r.reference = r.order_id + "/" + r.return_id;
  r.date = date_of_timestamp(optional_text(ret.json(), "updated_at"));
  if (!r.date) r.date = date_of_timestamp(optional_text(delivery.event, "occurred_at"));
  for (const auto& item : ret.lines()) {
    auto line = sale_line_of(delivery, item.line_id(), r.order_id);
    if (!line) return line.failure();
    r.items.push_back(
        {std::string(item.line_id()), *line, item.quantity(), std::string(item.reason())});
  }
  return r;
}

std::vector<std::string> line_ids_of(const ReturnRequest& r) {
  std::vector<std::string> ids;
  for (const auto& item : r.items) ids.push_back(item.line_id);
  return ids;
}

Expected<json::object> return_values(const ReturnRequest& r, const SaleHeader& original,
                                     const std::vector<SaleLine>& lines,
                                     const TrytonSettings& settings) {
  json::array created;
  std::int64_t sequence = 0;
  for (const auto& item : r.items) {
    const SaleLine* line = nullptr;
    for (const auto& l : lines)
      if (l.id == item.erp_line) line = &l;
    if (!line || line->sale != original.id)
      return permanent("sale line " + std::to_string(item.erp_line) + " (line " + item.line_id +
                       ") is not a line of Tryton sale " + std::to_string(original.id));
    if (item.quantity.to_number<double>() > line->quantity + 1e-9)
      return permanent("line " + item.line_id + " returns " + json::serialize(item.quantity) +
                       ", more than the " + std::to_string(line->quantity) + " sold");
    if (!line->product || !line->unit || !line->unit_price)
      return permanent("sale line " + std::to_string(line->id) +
                       " has no product, unit or unit price to return");
    std::string description = "Return: " + line->description;
    if (!item.reason.empty()) description += " (" + item.reason + ")";
    created.push_back(json::object{{"type", "line"},
                                   {"sequence", ++sequence},
                                   {"product", *line->product},
                                   {"unit", *line->unit},
                                   {"quantity", negated(item.quantity)},
                                   {"unit_price", encode_decimal(*line->unit_price)},
                                   {"description", description}});
  }
  if (!original.party || !original.invoice_address || !original.shipment_address)
    return permanent("Tryton sale " + std::to_string(original.id) +
                     " has no party or addresses to return to");
  const std::string original_name =
      original.number.empty() ? std::to_string(original.id) : original.number;
  json::object values{{"party", *original.party},
                      {"invoice_address", *original.invoice_address},
                      {"shipment_address", *original.shipment_address},
                      {"reference", r.reference},
                      {"description", "Return " + r.return_id + " of sale " + original_name +
                                          " (order " + r.order_id + ")"},
                      {"comment", "Returns lines of Tryton sale " + std::to_string(original.id) +
                                      " [" + original.reference + "]"}};
  if (original.currency) values["currency"] = *original.currency;
  if (settings.payment_term) values["payment_term"] = *settings.payment_term;
  if (r.date) values["sale_date"] = encode_date(*r.date);
  values["lines"] = json::array{json::array{"create", std::move(created)}};
  return values;
}

Expected<std::int64_t> create_return_sale(TrytonContext& t, const ReturnRequest& r) {
  auto original = read_sale(t.rpc, r.sale);
  if (!original) return original.failure();
  if (original->state == "cancelled")
    return permanent("Tryton sale " + std::to_string(r.sale) +
                     " is cancelled; there is nothing to return");
  auto lines = read_lines(t.rpc, r.sale);
  if (!lines) return lines.failure();
  auto values = return_values(r, *original, *lines, t.settings);
  if (!values) return values.failure();
  auto ids = t.rpc.create("sale.sale", *values);
  if (!ids) return ids.failure();
  const auto* list = ids->if_array();
  auto id = list && list->size() == 1 ? decode_id((*list)[0]) : std::nullopt;
  if (!id)
    return Failure{
        ResultClass::in_doubt, "Tryton created the return sale but answered no id", 0, {}, {}};
  return *id;
}

}  // namespace

sdk::Result return_order(TrytonContext& t, const sdk::Delivery& delivery) {
  auto request = return_request(delivery);
  if (!request) return request.failure().to_result();
  auto existing = find_sale(t.rpc, request->reference);
  if (!existing) return existing.failure().to_result();
  std::int64_t sale = 0;
  std::string state = "draft";
  if (*existing) {
    sale = (*existing)->id;
    state = (*existing)->state;
  } else {
    auto created = create_return_sale(t, *request);
    if (!created) return created.failure().to_result();
    sale = *created;
  }
  auto reached = t.workflow.advance(sale, state, t.settings.workflow);
  if (!reached) {
    Failure f = reached.failure();
    f.message = "return sale " + std::to_string(sale) + " for " + request->reference +
                " is in Tryton, but: " + f.message;
    return f.to_result();
  }
  auto lines = read_lines(t.rpc, sale);
  if (!lines) return lines.failure().to_result();
  return sdk::Result::created(std::to_string(sale))
      .with("success", true)
      .with("line_erp_ids", line_erp_ids(line_ids_of(*request), *lines))
      .with("message", "Tryton return sale " + std::to_string(sale) + " is " + *reached);
}

sdk::Result find_return(TrytonContext& t, const sdk::Delivery& delivery) {
  auto request = return_request(delivery);
  if (!request) return request.failure().to_result();
  auto existing = find_sale(t.rpc, request->reference);
  if (!existing) return existing.failure().to_result();
  if (!*existing || !SaleWorkflow::reached((*existing)->state, t.settings.workflow))
    return sdk::Result::not_found();
  return sdk::Result::created(std::to_string((*existing)->id))
      .with("found", true)
      .with("success", true);
}

}  // namespace erpbridge::tryton
