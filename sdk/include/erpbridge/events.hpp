// Typed read-only views over an event's `data`, for the four event types the host accepts.
// The host validated the data before the adapter sees it (required ids, positive quantities,
// money as decimal strings; docs/plugin-abi.md), so a view reads without re-checking: a field
// the validation requires is read with at() (a missing one, only possible when a test hands
// in unvalidated data, ends the call as `invalid`), an optional one reads as "" when absent.
// Views borrow the Delivery's JSON: keep the Delivery alive while a view is used.
#pragma once

#include <erpbridge/connector.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace erpbridge::sdk {

namespace detail {

// An optional text member: "" when absent, null or not a string.
inline std::string_view optional_text(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

inline const boost::json::object* optional_object(const boost::json::object& o,
                                                  std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

template <typename View>
std::vector<View> views_of(const boost::json::object& o, std::string_view key) {
  std::vector<View> out;
  if (const auto* v = o.if_contains(key); v && v->is_array())
    for (const auto& item : v->get_array()) out.emplace_back(item.as_object());
  return out;
}

}  // namespace detail

// A postal address of a customer or an order.
class AddressView {
 public:
  explicit AddressView(const boost::json::object& a) : a_(&a) {}
  std::string_view type() const { return detail::optional_text(*a_, "type"); }  // customer only
  std::string_view name() const { return detail::optional_text(*a_, "name"); }
  std::string_view line1() const { return detail::optional_text(*a_, "line1"); }
  std::string_view line2() const { return detail::optional_text(*a_, "line2"); }
  std::string_view city() const { return detail::optional_text(*a_, "city"); }
  std::string_view state() const { return detail::optional_text(*a_, "state"); }
  std::string_view pincode() const { return detail::optional_text(*a_, "pincode"); }
  std::string_view country() const { return detail::optional_text(*a_, "country"); }  // ISO 3166
  std::string_view phone() const { return detail::optional_text(*a_, "phone"); }
  const boost::json::object& json() const { return *a_; }

 private:
  const boost::json::object* a_;
};

// customer.created
class CustomerView {
 public:
  explicit CustomerView(const boost::json::object& data) : d_(&data) {}
  std::string_view customer_id() const { return d_->at("customer_id").as_string(); }
  std::string_view first_name() const { return d_->at("first_name").as_string(); }
  std::string_view last_name() const { return detail::optional_text(*d_, "last_name"); }
  std::string_view email() const { return d_->at("email").as_string(); }
  std::string_view phone() const { return detail::optional_text(*d_, "phone"); }
  std::string_view gstin() const { return detail::optional_text(*d_, "gstin"); }
  std::vector<AddressView> addresses() const {
    return detail::views_of<AddressView>(*d_, "addresses");
  }
  const boost::json::object& json() const { return *d_; }

 private:
  const boost::json::object* d_;
};

// One line of order.created. Money is a decimal string, as the event carries it.
class OrderLineView {
 public:
  explicit OrderLineView(const boost::json::object& line) : l_(&line) {}
  std::string_view line_id() const { return l_->at("line_id").as_string(); }
  std::string_view sku() const { return l_->at("sku").as_string(); }
  std::string_view name() const { return detail::optional_text(*l_, "name"); }
  std::int64_t quantity() const { return l_->at("quantity").to_number<std::int64_t>(); }
  std::string_view unit_price() const { return l_->at("unit_price").as_string(); }
  std::string_view discount() const { return detail::optional_text(*l_, "discount"); }
  std::string_view line_total() const { return l_->at("line_total").as_string(); }
  // The line's tax rate and amount ("" when the line has no tax).
  std::string_view tax_rate() const {
    const auto* tax = detail::optional_object(*l_, "tax");
    return tax ? detail::optional_text(*tax, "rate") : std::string_view();
  }
  std::string_view tax_amount() const {
    const auto* tax = detail::optional_object(*l_, "tax");
    return tax ? detail::optional_text(*tax, "amount") : std::string_view();
  }
  const boost::json::object& json() const { return *l_; }

 private:
  const boost::json::object* l_;
};

// order.created
class OrderView {
 public:
  explicit OrderView(const boost::json::object& data) : d_(&data) {}
  std::string_view order_id() const { return d_->at("order_id").as_string(); }
  std::string_view order_number() const { return detail::optional_text(*d_, "order_number"); }
  std::string_view customer_id() const {
    return d_->at("customer").as_object().at("customer_id").as_string();
  }
  std::string_view placed_at() const { return d_->at("placed_at").as_string(); }  // RFC 3339
  std::string_view currency() const { return d_->at("currency").as_string(); }    // ISO 4217
  bool prices_include_tax() const {
    const auto* v = d_->if_contains("prices_include_tax");
    return v && v->is_bool() && v->get_bool();
  }
  std::string_view payment_method() const {
    const auto* payment = detail::optional_object(*d_, "payment");
    return payment ? detail::optional_text(*payment, "method") : std::string_view();
  }
  std::optional<AddressView> billing_address() const { return address("billing_address"); }
  std::optional<AddressView> shipping_address() const { return address("shipping_address"); }
  std::vector<OrderLineView> lines() const { return detail::views_of<OrderLineView>(*d_, "items"); }
  std::string_view grand_total() const {
    return d_->at("totals").as_object().at("grand_total").as_string();
  }
  const boost::json::object& json() const { return *d_; }

 private:
  std::optional<AddressView> address(std::string_view key) const {
    const auto* a = detail::optional_object(*d_, key);
    return a ? std::optional<AddressView>(AddressView(*a)) : std::nullopt;
  }
  const boost::json::object* d_;
};

// One line of a cancellation or a return: an order line and how many of it.
class ChangedLineView {
 public:
  explicit ChangedLineView(const boost::json::object& line) : l_(&line) {}
  std::string_view line_id() const { return l_->at("line_id").as_string(); }
  std::string_view sku() const { return detail::optional_text(*l_, "sku"); }
  std::int64_t quantity() const { return l_->at("quantity").to_number<std::int64_t>(); }
  std::string_view amount() const { return detail::optional_text(*l_, "amount"); }
  std::string_view reason() const { return detail::optional_text(*l_, "reason"); }  // returns
  const boost::json::object& json() const { return *l_; }

 private:
  const boost::json::object* l_;
};

// order.cancelled
class CancellationView {
 public:
  explicit CancellationView(const boost::json::object& data) : d_(&data) {}
  std::string_view order_id() const { return d_->at("order_id").as_string(); }
  std::string_view cancellation_id() const { return d_->at("cancellation_id").as_string(); }
  // scope "full": the whole order; otherwise lines() says what is cancelled.
  bool full() const { return d_->at("scope").as_string() == "full"; }
  std::string_view reason() const { return detail::optional_text(*d_, "reason"); }
  std::vector<ChangedLineView> lines() const {
    return detail::views_of<ChangedLineView>(*d_, "items");
  }
  const boost::json::object& json() const { return *d_; }

 private:
  const boost::json::object* d_;
};

// order.returned
class ReturnView {
 public:
  explicit ReturnView(const boost::json::object& data) : d_(&data) {}
  std::string_view order_id() const { return d_->at("order_id").as_string(); }
  std::string_view return_id() const { return d_->at("return_id").as_string(); }
  std::string_view status() const { return d_->at("status").as_string(); }
  std::vector<ChangedLineView> lines() const {
    return detail::views_of<ChangedLineView>(*d_, "items");
  }
  const boost::json::object& json() const { return *d_; }

 private:
  const boost::json::object* d_;
};

// One line of the order as the host's order ledger has it: refs.lines[line_id]
// (docs/ledger.md#what-an-adapter-gets). Quantities before this event, and what it moves.
class LedgerLineView {
 public:
  explicit LedgerLineView(const boost::json::object& line) : l_(&line) {}
  std::string_view line_id() const { return detail::optional_text(*l_, "line_id"); }
  std::string_view sku() const { return detail::optional_text(*l_, "sku"); }
  std::string_view name() const { return detail::optional_text(*l_, "name"); }
  std::string_view erp_id() const { return detail::optional_text(*l_, "erp_id"); }  // "": none
  std::string_view unit_price() const { return detail::optional_text(*l_, "unit_price"); }
  std::string_view discount() const { return detail::optional_text(*l_, "discount"); }
  std::string_view line_total() const { return detail::optional_text(*l_, "line_total"); }
  std::string_view tax_rate() const { return detail::optional_text(*l_, "tax_rate"); }
  std::string_view tax_amount() const { return detail::optional_text(*l_, "tax_amount"); }
  std::int64_t ordered_quantity() const { return number("ordered_quantity"); }
  std::int64_t cancelled_quantity() const { return number("cancelled_quantity"); }
  std::int64_t returned_quantity() const { return number("returned_quantity"); }
  std::int64_t remaining_quantity() const { return number("remaining_quantity"); }
  std::int64_t moved_quantity() const { return number("moved_quantity"); }
  std::int64_t remaining_after_quantity() const { return number("remaining_after_quantity"); }
  const boost::json::object& json() const { return *l_; }

 private:
  std::int64_t number(std::string_view key) const {
    const auto* v = l_->if_contains(key);
    return v && v->is_number() ? v->to_number<std::int64_t>() : 0;
  }
  const boost::json::object* l_;
};

// What this cancel or return moves of one line: refs.moves[i].
struct MovedLine {
  std::string_view line_id;
  std::int64_t quantity = 0;
  std::string_view erp_id;  // "" when the line has none
};

// The whole order, from the host's order ledger, as `refs` carries it for order.created,
// order.cancelled and order.returned (docs/ledger.md#what-an-adapter-gets). known() is false
// when the host's ledger does not have the order (a store from before the ledger): then only
// the ids are there.
class OrderContextView {
 public:
  explicit OrderContextView(const boost::json::object& refs) : r_(&refs) {}
  bool known() const { return detail::optional_object(*r_, "lines") != nullptr; }
  std::string_view customer_id() const { return detail::optional_text(*r_, "customer_id"); }
  std::string_view customer_erp_id() const { return detail::optional_text(*r_, "customer_erp_id"); }
  std::string_view order_erp_id() const { return detail::optional_text(*r_, "order_erp_id"); }
  // accepted, open or closed.
  std::string_view order_state() const { return detail::optional_text(*r_, "order_state"); }
  // Every line of the order, in the order's own order.
  std::vector<LedgerLineView> lines() const {
    std::vector<LedgerLineView> out;
    const auto* ids = r_->if_contains("line_ids");
    if (!ids || !ids->is_array()) return out;
    for (const auto& id : ids->get_array())
      if (id.is_string())
        if (auto l = line(id.get_string())) out.push_back(*l);
    return out;
  }
  std::optional<LedgerLineView> line(std::string_view line_id) const {
    const auto* lines = detail::optional_object(*r_, "lines");
    const auto* l = lines ? detail::optional_object(*lines, line_id) : nullptr;
    return l ? std::optional<LedgerLineView>(LedgerLineView(*l)) : std::nullopt;
  }
  std::vector<MovedLine> moves() const {
    std::vector<MovedLine> out;
    const auto* moves = r_->if_contains("moves");
    if (!moves || !moves->is_array()) return out;
    for (const auto& m : moves->get_array()) {
      if (!m.is_object()) continue;
      const auto& o = m.get_object();
      const auto* q = o.if_contains("quantity");
      out.push_back({detail::optional_text(o, "line_id"),
                     q && q->is_number() ? q->to_number<std::int64_t>() : 0,
                     detail::optional_text(o, "erp_id")});
    }
    return out;
  }
  // Nothing is left of any line after this event.
  bool empties_order() const {
    const auto* v = r_->if_contains("empties_order");
    return v && v->is_bool() && v->get_bool();
  }

 private:
  const boost::json::object* r_;
};

inline OrderContextView order_context(const Delivery& delivery) {
  return OrderContextView(delivery.refs);
}

// The delivery's data as the view of its type. Throws ConnectorError(invalid) when the event
// is of another type, so a flow cannot read an event it was not given.
template <typename View>
View view_of(const Delivery& delivery) {
  static_assert(std::is_same_v<View, CustomerView> || std::is_same_v<View, OrderView> ||
                std::is_same_v<View, CancellationView> || std::is_same_v<View, ReturnView>);
  const std::string_view type = delivery.event_type();
  const std::string_view wanted = std::is_same_v<View, CustomerView>       ? "customer.created"
                                  : std::is_same_v<View, OrderView>        ? "order.created"
                                  : std::is_same_v<View, CancellationView> ? "order.cancelled"
                                                                           : "order.returned";
  if (type != wanted)
    throw ConnectorError(ResultClass::invalid,
                         "expected a " + std::string(wanted) + " event, got " + std::string(type));
  return View(delivery.data());
}

}  // namespace erpbridge::sdk
