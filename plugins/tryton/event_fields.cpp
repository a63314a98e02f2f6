#include "event_fields.hpp"

#include "value_encoding.hpp"

namespace erpbridge::tryton {

std::string optional_text(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

const boost::json::object* optional_object(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

Expected<std::int64_t> sale_of(const sdk::Delivery& delivery) {
  auto order_erp = delivery.ref("order_erp_id");
  auto sale = order_erp ? parse_id(*order_erp) : std::nullopt;
  if (!sale) return invalid("refs.order_erp_id is missing or not a Tryton sale id");
  return *sale;
}

Expected<std::int64_t> sale_line_of(const sdk::Delivery& delivery, std::string_view line_id,
                                    std::string_view order_id) {
  const auto* known = delivery.refs.if_contains("line_erp_ids");
  const auto* erp = known && known->is_object() ? known->as_object().if_contains(line_id) : nullptr;
  auto line = erp && erp->is_string() ? parse_id(erp->as_string()) : std::nullopt;
  if (!line)
    return permanent("no Tryton sale line is known for line " + std::string(line_id) +
                     " of order " + std::string(order_id));
  return *line;
}

}  // namespace erpbridge::tryton
