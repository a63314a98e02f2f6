#include "sale_void.hpp"

#include <boost/json.hpp>

#include "value_encoding.hpp"

namespace erpbridge::tryton {

namespace json = boost::json;

namespace {

json::array id_list(const std::vector<std::int64_t>& ids) {
  json::array list;
  for (auto id : ids) list.emplace_back(id);
  return list;
}

// Cancels the records of `model` and checks each one is cancelled afterwards.
Expected<Done> cancel_all(TrytonContext& t, std::string_view model, std::string_view what,
                          const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return Done{};
  auto done = t.rpc.call("model." + std::string(model) + ".cancel", json::array{id_list(ids)},
                         Effect::write);
  if (!done) return done.failure();
  auto rows = t.rpc.read(model, id_list(ids), json::array{"state"});
  if (!rows) return rows.failure();
  const auto* list = rows->if_array();
  if (!list || list->size() != ids.size())
    return permanent("unexpected reply from Tryton reading " + std::string(model));
  for (const auto& row : *list) {
    const auto* r = row.if_object();
    const auto* state = r ? r->if_contains("state") : nullptr;
    const auto* id = r ? r->if_contains("id") : nullptr;
    if (state && state->is_string() && state->as_string() == "cancelled") continue;
    return permanent(std::string(what) + " " + (id ? json::serialize(*id) : "?") + " is " +
                     (state && state->is_string() ? std::string(state->as_string()) : "?") +
                     " and Tryton cannot cancel it any more; void the sale by hand");
  }
  return Done{};
}

// Runs a sale.handle.*.exception wizard, choosing to recreate nothing.
Expected<Done> ignore_exceptions(TrytonContext& t, std::int64_t sale, const std::string& wizard,
                                 const std::string& recreate, const std::string& domain) {
  const std::string name = "wizard." + wizard;
  auto created = t.rpc.call(name + ".create", json::array{}, Effect::write);
  if (!created) return created.failure();
  const auto* triple = created->if_array();
  auto id = triple && !triple->empty() ? decode_id((*triple)[0]) : std::nullopt;
  if (!id) return permanent("Tryton started no " + wizard + " wizard");

  json::object context = t.rpc.context();
  context["active_model"] = "sale.sale";
  context["active_id"] = sale;
  context["active_ids"] = json::array{sale};
  auto asked = t.rpc.call(name + ".execute", json::array{*id, json::object{}, "ask"}, Effect::read,
                          &context);
  if (!asked) return asked.failure();
  const json::value* choices = nullptr;
  if (const auto* o = asked->if_object())
    if (const auto* view = o->if_contains("view"); view && view->is_object())
      if (const auto* d = view->as_object().if_contains("defaults"); d && d->is_object())
        choices = d->as_object().if_contains(domain);
  if (!choices) return permanent("the " + wizard + " wizard offered nothing to choose from");
  json::object answer{{"ask", json::object{{recreate, json::array{}}, {domain, *choices}}}};
  auto handled =
      t.rpc.call(name + ".execute", json::array{*id, answer, "handle"}, Effect::write, &context);
  if (!handled) return handled.failure();
  (void)t.rpc.call(name + ".delete", json::array{*id}, Effect::write);  // tidy-up only
  return Done{};
}

}  // namespace

Expected<std::string> void_sale(TrytonContext& t, const SaleHeader& sale) {
  if (auto r = cancel_all(t, "stock.shipment.out", "shipment", sale.shipments); !r)
    return r.failure();
  if (auto r = cancel_all(t, "stock.shipment.out.return", "return shipment", sale.shipment_returns);
      !r)
    return r.failure();
  if (auto r = cancel_all(t, "account.invoice", "invoice", sale.invoices); !r) return r.failure();

  auto processed = t.rpc.button("sale.sale", "process", sale.id);
  if (!processed) return processed.failure();
  auto states =
      t.rpc.read("sale.sale", json::array{sale.id}, json::array{"shipment_state", "invoice_state"});
  if (!states) return states.failure();
  const auto* list = states->if_array();
  const auto* row = list && list->size() == 1 ? (*list)[0].if_object() : nullptr;
  if (!row)
    return permanent("unexpected reply from Tryton reading sale " + std::to_string(sale.id));
  auto state_is = [row](const char* field, std::string_view value) {
    const auto* v = row->if_contains(field);
    return v && v->is_string() && v->as_string() == value;
  };
  if (state_is("shipment_state", "exception")) {
    auto r = ignore_exceptions(t, sale.id, "sale.handle.shipment.exception", "recreate_moves",
                               "domain_moves");
    if (!r) return r.failure();
  }
  if (state_is("invoice_state", "exception")) {
    auto r = ignore_exceptions(t, sale.id, "sale.handle.invoice.exception", "recreate_invoices",
                               "domain_invoices");
    if (!r) return r.failure();
  }
  auto state = t.workflow.state(sale.id);
  if (!state) return state.failure();
  if (*state != "done")
    return permanent("Tryton left sale " + std::to_string(sale.id) + " " + *state +
                     " after voiding its shipments and invoices");
  std::string comment = sale.comment;
  comment += (comment.empty() ? "" : "\n") + std::string(kVoidedNote);
  auto noted = t.rpc.write("sale.sale", json::array{sale.id}, json::object{{"comment", comment}});
  if (!noted) return noted.failure();
  return *state;
}

}  // namespace erpbridge::tryton
