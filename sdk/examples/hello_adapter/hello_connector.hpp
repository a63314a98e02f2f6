// The example adapter of the SDK: it sends new customers and orders to a "hello" ERP that takes
// the event's data as JSON (POST /customers, POST /orders) and answers {"id": ".."}, with
// {"lines": {"L1": ".."}} for an order. After an in-doubt delivery it looks the customer up by
// our id (GET /customers?ref=cu_1). Everything generic comes from the SDK toolkit: the settings
// table, the typed event views, the host's classification of each reply.
#pragma once

#include <erpbridge/connector.hpp>
#include <erpbridge/events.hpp>
#include <erpbridge/settings.hpp>

#include <string>

namespace hello {

namespace sdk = erpbridge::sdk;

// The tenant's `settings:`, declared once: validation, defaults and docs come from this table.
inline const sdk::Setting kSettings[] = {
    {.key = "customers_path", .fallback = "/customers", .description = "where customers go"},
    {.key = "orders_path", .fallback = "/orders", .description = "where orders go"},
    {.key = "timeout_ms",
     .type = sdk::SettingType::integer,
     .fallback = 0,
     .description = "read timeout per request; 0 keeps the connection's",
     .min = 0,
     .max = 60000},
};

class HelloConnector : public sdk::Connector {
 public:
  // Throws sdk::SettingsError naming the setting ("/orders_path") when one is wrong.
  HelloConnector(sdk::Host host, const boost::json::object& settings)
      : host_(host), settings_(settings, "", kSettings) {}

  // The settings `erpbridge check-config --list-settings` prints (ABI 1.3).
  static std::span<const sdk::Setting> erpbridge_settings() { return kSettings; }

  sdk::Result deliver(const sdk::Delivery& delivery) override {
    const std::string_view type = delivery.event_type();
    if (type == "customer.created") return send_customer(delivery);
    if (type == "order.created") return send_order(delivery);
    return sdk::Result::failure(sdk::ResultClass::invalid,
                                "hello takes customers and orders, not " + std::string(type));
  }

  // Overriding lookup is all it takes for the host to use it: the SDK sees the override.
  std::optional<sdk::Result> lookup(const sdk::Delivery& delivery) override {
    if (delivery.event_type() != "customer.created") return std::nullopt;
    const auto customer = sdk::view_of<sdk::CustomerView>(delivery);
    sdk::HttpRequest request = make_request(
        "GET", settings_.string("customers_path") + "?ref=" + std::string(customer.customer_id()));
    const sdk::HttpResponse response = host_.send(request);
    if (!response.succeeded()) return refused(response, "the customer lookup failed");
    // A malformed reply throws here; the SDK turns that into `invalid` with the message.
    const boost::json::value reply = boost::json::parse(response.body);
    const auto& items = reply.as_object().at("items").as_array();
    if (items.empty()) return sdk::Result::not_found();
    return sdk::Result::created(std::string(items[0].as_object().at("id").as_string()))
        .with("found", true);
  }

 private:
  sdk::Result send_customer(const sdk::Delivery& delivery) {
    sdk::HttpRequest request = make_request("POST", settings_.string("customers_path"));
    request.body = boost::json::serialize(delivery.data());
    request.headers.emplace_back("Idempotency-Key", delivery.idempotency_key);
    const sdk::HttpResponse response = host_.send(request);
    if (!response.succeeded()) return refused(response, "the ERP refused the customer");
    const auto reply = boost::json::parse(response.body).as_object();
    return sdk::Result::created(std::string(reply.at("id").as_string()))
        .with("http_status", response.status);
  }

  sdk::Result send_order(const sdk::Delivery& delivery) {
    const auto order = sdk::view_of<sdk::OrderView>(delivery);
    const auto customer = delivery.ref("customer_erp_id");
    if (!customer) return sdk::Result::failure(sdk::ResultClass::invalid, "no ERP customer id");
    boost::json::object body = order.json();
    body["erp_customer"] = *customer;
    sdk::HttpRequest request = make_request("POST", settings_.string("orders_path"));
    request.body = boost::json::serialize(body);
    request.headers.emplace_back("Idempotency-Key", delivery.idempotency_key);
    const sdk::HttpResponse response = host_.send(request);
    if (!response.succeeded()) return refused(response, "the ERP refused the order");
    const auto reply = boost::json::parse(response.body).as_object();
    boost::json::object lines;
    for (const auto& line : order.lines()) {
      const std::string id(line.line_id());
      lines[id] = reply.at("lines").as_object().at(id);
    }
    return sdk::Result::created(std::string(reply.at("id").as_string()))
        .with("line_erp_ids", std::move(lines))
        .with("http_status", response.status);
  }

  sdk::HttpRequest make_request(std::string method, std::string target) const {
    sdk::HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);  // appended to the path of connection.base_url
    request.headers = {{"Content-Type", "application/json"}};
    request.timeout_ms = static_cast<std::uint32_t>(settings_.integer("timeout_ms"));
    return request;
  }

  // The host already classified the exchange (not sent, in doubt, 4xx, 5xx, Retry-After):
  // pass its verdict on with what the ERP said.
  static sdk::Result refused(const sdk::HttpResponse& response, const std::string& what) {
    const bool answered = response.ok_transport();
    sdk::Failure failure(response.result_class, answered ? what : what + ": " + response.error,
                         response.status, response.retry_after_ms, response.body.substr(0, 300));
    return failure.to_result();
  }

  sdk::Host host_;
  sdk::SettingsReader settings_;
};

}  // namespace hello
