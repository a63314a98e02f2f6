#include "order_flow.hpp"

#include <boost/json.hpp>

#include "party_addresses.hpp"
#include "product_catalog.hpp"
#include "sale_mapper.hpp"
#include "sale_records.hpp"
#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

std::vector<std::string> line_ids_of(const SaleDraft& draft) {
  std::vector<std::string> ids;
  for (const auto& line : draft.lines) ids.push_back(line.line_id);
  return ids;
}

// Resolves everything the new sale refers to and creates it in draft; returns its id.
Expected<std::int64_t> create_sale(TrytonContext& t, const sdk::Delivery& delivery,
                                   const SaleDraft& draft) {
  auto customer = delivery.ref("customer_erp_id");
  auto party = customer ? parse_id(*customer) : std::nullopt;
  if (!party) return invalid("refs.customer_erp_id is missing or not a Tryton party id");

  std::vector<std::string> skus;
  for (const auto& line : draft.lines) skus.push_back(line.sku);
  const bool ships = draft.shipping_amount && t.settings.shipping_product;
  if (ships) skus.push_back(*t.settings.shipping_product);
  auto products = find_products(t.rpc, skus);
  if (!products) return products.failure();

  SaleRefs refs;
  refs.party = *party;
  auto addresses = sale_addresses(t, *party, draft);
  if (!addresses) return addresses.failure();
  refs.invoice_address = addresses->invoice;
  refs.shipment_address = addresses->shipment;
  if (t.settings.currency == CurrencySource::order && !draft.currency.empty()) {
    auto currency = t.reference.currency(draft.currency);
    if (!currency) return currency.failure();
    refs.currency = *currency;
  }
  refs.payment_term = t.settings.payment_term;
  auto unit = t.reference.configured_unit();
  if (!unit) return unit.failure();
  refs.unit = *unit;
  if (ships) refs.shipping_product = products->at(*t.settings.shipping_product);
  refs.products = std::move(*products);

  auto ids = t.rpc.create("sale.sale", sale_values(draft, refs));
  if (!ids) return ids.failure();
  const auto* list = ids->if_array();
  auto id = list && list->size() == 1 ? decode_id((*list)[0]) : std::nullopt;
  if (!id)
    return Failure{
        ResultClass::in_doubt, "Tryton created the sale but answered no id for it", 0, {}, {}};
  return *id;
}

}  // namespace

sdk::Result create_order(TrytonContext& t, const sdk::Delivery& delivery) {
  auto draft = sale_draft(sdk::view_of<sdk::OrderView>(delivery));
  if (!draft) return draft.failure().to_result();
  auto existing = find_sale(t.rpc, draft->reference);
  if (!existing) return existing.failure().to_result();

  std::int64_t sale = 0;
  std::string state;
  if (*existing) {
    sale = (*existing)->id;
    state = (*existing)->state;
    t.log(ERPB_LOG_INFO, "sale " + std::to_string(sale) + " for order " + draft->reference +
                             " exists already (" + state + "); resuming it");
  } else {
    auto created = create_sale(t, delivery, *draft);
    if (!created) return created.failure().to_result();
    sale = *created;
    state = "draft";
  }

  auto reached = t.workflow.advance(sale, state, t.settings.workflow);
  if (!reached) {
    Failure f = reached.failure();
    f.message = "sale " + std::to_string(sale) + " for order " + draft->reference +
                " is in Tryton, but: " + f.message;
    return f.to_result();
  }
  auto lines = read_lines(t.rpc, sale);
  if (!lines) return lines.failure().to_result();
  return sdk::Result::created(std::to_string(sale))
      .with("line_erp_ids", line_erp_ids(line_ids_of(*draft), *lines))
      .with("message", "Tryton sale " + std::to_string(sale) + " is " + *reached);
}

sdk::Result find_order(TrytonContext& t, const sdk::Delivery& delivery) {
  auto draft = sale_draft(sdk::view_of<sdk::OrderView>(delivery));
  if (!draft) return draft.failure().to_result();
  auto existing = find_sale(t.rpc, draft->reference);
  if (!existing) return existing.failure().to_result();
  if (!*existing) return sdk::Result::not_found();
  const auto& sale = **existing;
  if (!SaleWorkflow::reached(sale.state, t.settings.workflow))
    return sdk::Result::not_found().with("message", "sale " + std::to_string(sale.id) +
                                                        " for order " + draft->reference +
                                                        " is in Tryton but " + sale.state +
                                                        "; delivering the event again resumes it");
  auto lines = read_lines(t.rpc, sale.id);
  if (!lines) return lines.failure().to_result();
  return sdk::Result::created(std::to_string(sale.id))
      .with("found", true)
      .with("line_erp_ids", line_erp_ids(line_ids_of(*draft), *lines));
}

}  // namespace erpbridge::tryton
