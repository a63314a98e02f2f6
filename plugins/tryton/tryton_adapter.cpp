#include "tryton_adapter.hpp"

#include "cancel_flow.hpp"
#include "customer_flow.hpp"
#include "order_flow.hpp"
#include "return_flow.hpp"

namespace erpbridge::tryton {

namespace {

LoginSettings login_settings(const TrytonSettings& s) {
  return LoginSettings{s.path(), s.database, s.login, s.password, s.language, s.timeout_ms};
}

sdk::Result unknown_event(const sdk::Delivery& delivery) {
  return sdk::Result::failure(
      ResultClass::invalid,
      "the tryton connector does not handle '" + std::string(delivery.event_type()) + "' events");
}

}  // namespace

TrytonAdapter::TrytonAdapter(const boost::json::object& settings, sdk::Host host,
                             std::chrono::milliseconds login_refusal_hold)
    : settings_(parse_tryton_settings(settings)),
      session_(host, login_settings(settings_), login_refusal_hold),
      rpc_(host, session_, settings_.path(), settings_.context(), settings_.timeout_ms),
      reference_(rpc_, settings_),
      workflow_(rpc_),
      context_{settings_, rpc_, reference_, workflow_, host} {}

sdk::Result TrytonAdapter::deliver(const sdk::Delivery& delivery) {
  const auto type = delivery.event_type();
  if (type == "customer.created") return create_customer(context_, delivery);
  if (type == "order.created") return create_order(context_, delivery);
  if (type == "order.cancelled") return cancel_order(context_, delivery);
  if (type == "order.returned") return return_order(context_, delivery);
  return unknown_event(delivery);
}

sdk::Result TrytonAdapter::lookup(const sdk::Delivery& delivery) {
  const auto type = delivery.event_type();
  if (type == "customer.created") return find_customer(context_, delivery);
  if (type == "order.created") return find_order(context_, delivery);
  if (type == "order.cancelled") return find_cancellation(context_, delivery);
  if (type == "order.returned") return find_return(context_, delivery);
  return unknown_event(delivery);
}

}  // namespace erpbridge::tryton
