#include "sale_mapper.hpp"

#include <boost/json.hpp>

#include "event_fields.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

constexpr int kPriceDigits = 4;

// Tryton's quantity is a float: above 10^9 units it would no longer count single units.
constexpr std::int64_t kMaxQuantity = 1'000'000'000;

// A money string as Tryton's Decimal; "" (absent) is zero. The host checked the format
// (core/events); what can still fail is a value with more digits than Tryton's Decimal holds.
Expected<Decimal> money(std::string_view text, const std::string& path) {
  if (text.empty()) return Decimal();
  auto d = Decimal::parse(text);
  if (!d) return invalid(path + " " + std::string(text) + " has more digits than Tryton holds");
  return *d;
}

Expected<SaleLineDraft> line_draft(const sdk::OrderLineView& item, const std::string& path) {
  SaleLineDraft line;
  line.line_id = item.line_id();
  line.sku = item.sku();
  line.description = item.name();
  if (line.description.empty()) line.description = line.sku;
  line.quantity = item.quantity();  // positive: core/events
  if (line.quantity >= kMaxQuantity) return invalid(path + ".quantity must be below 10^9");
  auto price = money(item.unit_price(), path + ".unit_price");
  if (!price) return price.failure();
  auto discount = money(item.discount(), path + ".discount");
  if (!discount) return discount.failure();
  line.unit_price = *price;
  if (discount->sign() != 0) {
    auto net = (*price * line.quantity - *discount).divided_by(line.quantity, kPriceDigits);
    line.unit_price = net->trimmed(price->scale());
  }
  return line;
}

Expected<Decimal> shipping_amount(const json::object& shipping) {
  const auto* v = shipping.if_contains("amount");
  if (!v || v->is_null()) return Decimal();
  auto d = v->is_string() ? Decimal::parse(v->as_string()) : std::nullopt;
  if (!d) return invalid("data.shipping.amount must be a decimal string like \"499.00\"");
  return *d;
}

std::string payment_comment(const json::object& data) {
  const auto* payment = optional_object(data, "payment");
  if (!payment) return {};
  std::string text = "Payment: " + optional_text(*payment, "method");
  if (auto gateway = optional_text(*payment, "gateway"); !gateway.empty())
    text += " via " + gateway;
  if (auto tx = optional_text(*payment, "transaction_id"); !tx.empty()) text += " (" + tx + ")";
  if (auto status = optional_text(*payment, "status"); !status.empty()) text += ", " + status;
  return text;
}

json::object line_values(std::int64_t sequence, std::int64_t product, std::int64_t unit,
                         std::int64_t quantity, const Decimal& price,
                         const std::string& description) {
  return json::object{{"type", "line"},
                      {"sequence", sequence},
                      {"product", product},
                      {"quantity", quantity},
                      {"unit", unit},
                      {"unit_price", encode_decimal(price)},
                      {"description", description}};
}

}  // namespace

Expected<SaleDraft> sale_draft(const sdk::OrderView& order) {
  // The host validated the order (core/events): ids, at least one line, positive quantities,
  // money as decimal strings, an RFC 3339 placed_at.
  const json::object& data = order.json();
  SaleDraft draft;
  draft.reference = order.order_id();
  const std::string_view number = order.order_number();
  draft.description = "Order " + std::string(number.empty() ? order.order_id() : number);
  draft.comment = payment_comment(data);
  draft.sale_date = date_of_timestamp(order.placed_at());
  draft.currency = order.currency();
  if (const auto a = order.billing_address()) draft.invoice_address = postal_address(*a);
  if (const auto a = order.shipping_address()) draft.shipment_address = postal_address(*a);
  const auto items = order.lines();
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto line = line_draft(items[i], "data.items[" + std::to_string(i) + "]");
    if (!line) return line.failure();
    draft.lines.push_back(std::move(*line));
  }
  // The shipping block is not validated by the host: its amount is checked here.
  if (const auto* shipping = optional_object(data, "shipping")) {
    auto amount = shipping_amount(*shipping);
    if (!amount) return amount.failure();
    if (amount->sign() > 0) draft.shipping_amount = *amount;
  }
  return draft;
}

json::object sale_values(const SaleDraft& draft, const SaleRefs& refs) {
  json::object values;
  values["party"] = refs.party;
  values["invoice_address"] = refs.invoice_address;
  values["shipment_address"] = refs.shipment_address;
  values["reference"] = draft.reference;
  values["description"] = draft.description;
  if (!draft.comment.empty()) values["comment"] = draft.comment;
  if (draft.sale_date) values["sale_date"] = encode_date(*draft.sale_date);
  if (refs.currency) values["currency"] = *refs.currency;
  if (refs.payment_term) values["payment_term"] = *refs.payment_term;

  json::array lines;
  std::int64_t sequence = 0;
  for (const auto& line : draft.lines) {
    const auto& product = refs.products.at(line.sku);
    lines.push_back(line_values(++sequence, product.id, refs.unit.value_or(product.unit),
                                line.quantity, line.unit_price, line.description));
  }
  if (draft.shipping_amount && refs.shipping_product)
    lines.push_back(line_values(shipping_sequence(draft), refs.shipping_product->id,
                                refs.shipping_product->unit, 1, *draft.shipping_amount,
                                "Shipping"));
  values["lines"] = json::array{json::array{"create", std::move(lines)}};
  return values;
}

}  // namespace erpbridge::tryton
