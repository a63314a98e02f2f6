// The example adapter of the SDK: the four event types to an ERP that speaks Commerceup's
// sample ERP contract (hello_documents.hpp says what each event becomes). After an in-doubt
// customer or order it looks the document up by our id (GET /customers?externalId=cu_1,
// GET /orders?externalId=ORD-1); a cancellation or a return is sent again instead, with the
// same Idempotency-Key, which the ERP answers with its first reply. Everything generic comes
// from the SDK toolkit: the settings table, the typed event views, the host's classification
// of each reply.
#pragma once

#include <erpbridge/connector.hpp>
#include <erpbridge/events.hpp>
#include <erpbridge/expected.hpp>
#include <erpbridge/settings.hpp>

#include <boost/json.hpp>

#include <string>

#include "hello_documents.hpp"

namespace hello {

// The tenant's `settings:`, declared once: validation, defaults and docs come from this table.
inline const sdk::Setting kSettings[] = {
    {.key = "idempotency_keys",
     .type = sdk::SettingType::boolean,
     .fallback = true,
     .description = "send each delivery's key as Idempotency-Key (the ERP replays a repeat)"},
    {.key = "timeout_ms",
     .type = sdk::SettingType::integer,
     .fallback = 0,
     .description = "read timeout per request; 0 keeps the connection's",
     .min = 0,
     .max = 60000},
};

class HelloConnector : public sdk::Connector {
 public:
  // Throws sdk::SettingsError naming the setting ("/timeout_ms") when one is wrong.
  HelloConnector(sdk::Host host, const boost::json::object& settings)
      : host_(host), settings_(settings, "", kSettings) {}

  // The settings `erpbridge check-config --list-settings` prints (ABI 1.3).
  static std::span<const sdk::Setting> erpbridge_settings() { return kSettings; }

  sdk::Result deliver(const sdk::Delivery& delivery) override {
    const std::string_view type = delivery.event_type();
    if (type == "customer.created") return send_customer(delivery);
    if (type == "order.created") return send_order(delivery);
    if (type == "order.cancelled") return send_cancel(delivery);
    if (type == "order.returned") return send_return(delivery);
    return sdk::Result::failure(sdk::ResultClass::invalid,
                                "hello does not take " + std::string(type));
  }

  // Overriding lookup is all it takes for the host to use it: the SDK sees the override.
  // nullopt: no lookup for this event type, so the host sends it again (with the same key).
  std::optional<sdk::Result> lookup(const sdk::Delivery& delivery) override {
    const std::string_view type = delivery.event_type();
    if (type == "customer.created")
      return find("/customers", sdk::view_of<sdk::CustomerView>(delivery).customer_id(),
                  "customerId");
    if (type == "order.created")
      return find("/orders", sdk::view_of<sdk::OrderView>(delivery).order_id(), "orderId");
    return std::nullopt;
  }

 private:
  sdk::Result send_customer(const sdk::Delivery& delivery) {
    const auto customer = sdk::view_of<sdk::CustomerView>(delivery);
    auto reply = post("/createcustomer", customer_document(customer), delivery, "customerId");
    if (!reply) return reply.failure().to_result();
    return sdk::Result::created(text(*reply, "customerId"));
  }

  sdk::Result send_order(const sdk::Delivery& delivery) {
    const auto customer = delivery.ref("customer_erp_id");
    if (!customer) return sdk::Result::failure(sdk::ResultClass::invalid, "no ERP customer id");
    const auto order = sdk::view_of<sdk::OrderView>(delivery);
    auto reply = post("/createorder", order_document(order, *customer), delivery, "orderId");
    if (!reply) return reply.failure().to_result();
    boost::json::object lines;  // our line id -> the ERP's, for later cancellations and returns
    for (const auto& line : reply->at("lines").as_array())
      lines[line.at("lineRef").as_string()] = line.at("lineId");
    return sdk::Result::created(text(*reply, "orderId")).with("line_erp_ids", std::move(lines));
  }

  sdk::Result send_cancel(const sdk::Delivery& delivery) {
    const auto order = delivery.ref("order_erp_id");
    if (!order) return sdk::Result::failure(sdk::ResultClass::invalid, "no ERP order id");
    auto reply = post("/cancelorder", cancel_document(delivery, *order), delivery);
    if (!reply) return reply.failure().to_result();
    return sdk::Result::succeeded();
  }

  sdk::Result send_return(const sdk::Delivery& delivery) {
    const auto order = delivery.ref("order_erp_id");
    if (!order) return sdk::Result::failure(sdk::ResultClass::invalid, "no ERP order id");
    auto reply = post("/returnorder", return_document(delivery, *order), delivery, "returnId");
    if (!reply) return reply.failure().to_result();
    return sdk::Result::succeeded().with("erp_id", text(*reply, "returnId"));  // the RMA
  }

  // POSTs `document` and answers the ERP's reply object when it says "success" (and carries
  // the string `id_key`, when one is named).
  sdk::Expected<boost::json::object> post(const std::string& target,
                                          const boost::json::object& document,
                                          const sdk::Delivery& delivery,
                                          const char* id_key = nullptr) {
    sdk::HttpRequest request = make_request("POST", target);
    request.body = boost::json::serialize(document);
    if (settings_.boolean("idempotency_keys"))
      request.headers.emplace_back("Idempotency-Key", delivery.idempotency_key);
    const sdk::HttpResponse response = host_.send(request);
    // The host already classified the exchange (not sent, in doubt, 4xx, 5xx, Retry-After):
    // pass its verdict on with what the ERP said.
    if (!response.succeeded()) return refused(response, "the ERP refused POST " + target);
    boost::system::error_code ec;
    const boost::json::value reply = boost::json::parse(response.body, ec);
    // A 2xx we cannot read: the ERP may well have applied it, so we do not know.
    if (ec || !reply.is_object() ||
        (id_key && text(reply.as_object(), "status") == "success" &&
         text(reply.as_object(), id_key).empty()))
      return sdk::Failure(sdk::ResultClass::in_doubt, "unreadable reply to POST " + target,
                          response.status, std::nullopt, response.body.substr(0, 300));
    // The contract's business refusals come as 200 {"status": "failure", "message": ".."}.
    if (text(reply.as_object(), "status") != "success")
      return sdk::Failure(sdk::ResultClass::permanent, text(reply.as_object(), "message"),
                          response.status, std::nullopt, response.body.substr(0, 300));
    return reply.as_object();
  }

  // GET <path>?externalId=<ours>: 200 with the ERP's id, or 404 when there is none.
  sdk::Result find(const std::string& path, std::string_view ours, const char* id_key) {
    const sdk::HttpResponse response =
        host_.send(make_request("GET", path + "?externalId=" + std::string(ours)));
    if (response.ok_transport() && response.status == 404) return sdk::Result::not_found();
    if (!response.succeeded()) return refused(response, "the lookup failed").to_result();
    // A malformed reply throws here; the SDK turns that into `invalid` with the message.
    const auto reply = boost::json::parse(response.body).as_object();
    sdk::Result found = sdk::Result::created(text(reply, id_key)).with("found", true);
    if (const auto* lines = reply.if_contains("lines")) {
      boost::json::object ids;
      for (const auto& line : lines->as_array())
        ids[line.at("lineRef").as_string()] = line.at("lineId");
      found.with("line_erp_ids", std::move(ids));
    }
    return found;
  }

  sdk::HttpRequest make_request(std::string method, std::string target) const {
    sdk::HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);  // appended to the path of connection.base_url
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    request.timeout_ms = static_cast<std::uint32_t>(settings_.integer("timeout_ms"));
    return request;
  }

  static sdk::Failure refused(const sdk::HttpResponse& response, const std::string& what) {
    const bool answered = response.ok_transport();
    return sdk::Failure(response.result_class, answered ? what : what + ": " + response.error,
                        response.status, response.retry_after_ms, response.body.substr(0, 300));
  }

  // The string member `key` of an ERP reply ("" when absent).
  static std::string text(const boost::json::object& reply, std::string_view key) {
    const auto* v = reply.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  }

  sdk::Host host_;
  sdk::SettingsReader settings_;
};

}  // namespace hello
