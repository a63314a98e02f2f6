#include "sale_mapper.hpp"

#include <boost/json.hpp>

#include "event_fields.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

constexpr int kPriceDigits = 4;

constexpr double kMaxQuantity = 1e9;

bool positive_number(const json::value& v) {
  if (!v.is_number()) return false;
  const double q = v.to_number<double>();
  return q > 0 && q < kMaxQuantity;
}

Expected<Decimal> money(const json::object& o, std::string_view key, const std::string& path,
                        bool required) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return invalid(path + " is missing");
    return Decimal();
  }
  auto d = v->is_string() ? Decimal::parse(v->as_string()) : std::nullopt;
  if (!d) return invalid(path + " must be a decimal string like \"499.00\"");
  return *d;
}

Expected<SaleLineDraft> line_draft(const json::object& item, const std::string& path) {
  SaleLineDraft line;
  auto line_id = required_text(item, "line_id", path + ".line_id");
  if (!line_id) return line_id.failure();
  auto sku = required_text(item, "sku", path + ".sku");
  if (!sku) return sku.failure();
  line.line_id = *line_id;
  line.sku = *sku;
  line.description = optional_text(item, "name");
  if (line.description.empty()) line.description = line.sku;
  const auto* quantity = item.if_contains("quantity");
  if (!quantity || !positive_number(*quantity))
    return invalid(path + ".quantity must be a number above 0 and below 10^9");
  line.quantity = *quantity;
  auto price = money(item, "unit_price", path + ".unit_price", true);
  if (!price) return price.failure();
  auto discount = money(item, "discount", path + ".discount", false);
  if (!discount) return discount.failure();
  line.unit_price = *price;
  if (discount->sign() != 0) {
    if (!quantity->is_int64())
      return invalid(path + ".discount cannot be spread over a quantity that is not whole");
    const auto count = quantity->as_int64();
    auto net = (*price * count - *discount).divided_by(count, kPriceDigits);
    line.unit_price = net->trimmed(price->scale());
  }
  return line;
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
                         const json::value& quantity, const Decimal& price,
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

Expected<SaleDraft> sale_draft(const json::object& data) {
  SaleDraft draft;
  auto order_id = required_text(data, "order_id", "data.order_id");
  if (!order_id) return order_id.failure();
  draft.reference = *order_id;
  const auto number = optional_text(data, "order_number");
  draft.description = "Order " + (number.empty() ? *order_id : number);
  draft.comment = payment_comment(data);
  draft.sale_date = date_of_timestamp(optional_text(data, "placed_at"));
  draft.currency = optional_text(data, "currency");
  if (const auto* a = optional_object(data, "billing_address"))
    draft.invoice_address = postal_address(*a);
  if (const auto* a = optional_object(data, "shipping_address"))
    draft.shipment_address = postal_address(*a);

  const auto* items = data.if_contains("items");
  if (!items || !items->is_array() || items->as_array().empty())
    return invalid("data.items must list at least one item");
  for (std::size_t i = 0; i < items->as_array().size(); ++i) {
    const auto& item = items->as_array()[i];
    const std::string path = "data.items[" + std::to_string(i) + "]";
    if (!item.is_object()) return invalid(path + " must be an object");
    auto line = line_draft(item.as_object(), path);
    if (!line) return line.failure();
    draft.lines.push_back(std::move(*line));
  }
  if (const auto* shipping = optional_object(data, "shipping")) {
    auto amount = money(*shipping, "amount", "data.shipping.amount", false);
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
