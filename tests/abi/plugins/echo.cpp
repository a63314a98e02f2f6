// A good plugin written with the SDK's C++ wrapper, as an adapter author would.
//  - settings: {"mode": "echo" | "http", "target": "/path"}; another mode is a SettingsError.
//  - deliver: "echo" answers the event's document id as erp_id; "http" POSTs the event through
//    the host's HTTP client and answers the "id" of the reply; event type "boom" throws, to
//    prove the wrapper turns an adapter exception into a permanent result.
//  - lookup: "found" with the document id.
//  - translate_push (ABI 1.1): {"stock": [{"code": .., "qty": ..}]} -> inventory changes; a
//    bad body is `invalid` naming the field.
//  - pull (ABI 1.1): a fixed feed of three pages keyed by the cursor ("" -> "1" -> "2").
#include <erpbridge/connector.hpp>

#include <stdexcept>
#include <string>

namespace {

namespace sdk = erpbridge::sdk;

// Our own id of the document an event creates or changes.
std::string document_id(const sdk::Delivery& delivery) {
  const std::string_view type = delivery.event_type();
  const char* key = type == "customer.created"  ? "customer_id"
                    : type == "order.created"   ? "order_id"
                    : type == "order.cancelled" ? "cancellation_id"
                    : type == "order.returned"  ? "return_id"
                                                : nullptr;
  if (!key) throw sdk::ConnectorError(sdk::ResultClass::invalid, "unknown event type");
  return std::string(delivery.data().at(key).as_string());
}

class EchoConnector : public sdk::Connector {
 public:
  EchoConnector(sdk::Host host, const boost::json::object& settings) : host_(host) {
    if (const auto* mode = settings.if_contains("mode")) {
      if (!mode->is_string() || (mode->as_string() != "echo" && mode->as_string() != "http"))
        throw sdk::SettingsError("/mode", "must be \"echo\" or \"http\"");
      use_http_ = mode->as_string() == "http";
    }
    if (const auto* target = settings.if_contains("target"); target && target->is_string())
      target_ = std::string(target->as_string());
  }

  sdk::Result deliver(const sdk::Delivery& delivery) override {
    if (delivery.event_type() == "boom") throw std::runtime_error("boom requested by the test");
    if (!use_http_) return sdk::Result::created(document_id(delivery));
    return deliver_over_http(delivery);
  }

  std::optional<sdk::Result> lookup(const sdk::Delivery& delivery) override {
    return sdk::Result::created(document_id(delivery)).with("found", true);
  }

  static constexpr unsigned erpbridge_capabilities = sdk::kCanTranslatePush | sdk::kCanPull;

  sdk::Result translate_push(const sdk::PushBody& push) override {
    boost::system::error_code ec;
    const boost::json::value body = boost::json::parse(push.body, ec);
    const boost::json::value* stock =
        !ec && body.is_object() ? body.as_object().if_contains("stock") : nullptr;
    if (stock == nullptr || !stock->is_array())
      return sdk::Result::failure(sdk::ResultClass::invalid, "expected {\"stock\": [..]}")
          .with("field", "/stock");
    boost::json::array inventory;
    for (const auto& item : stock->as_array()) {
      const auto& entry = item.as_object();
      inventory.push_back({{"sku", entry.at("code")}, {"quantity", entry.at("qty")}});
    }
    sdk::Result out;
    out.details["inventory"] = std::move(inventory);
    return out;
  }

  sdk::Result pull(const sdk::PullRequest& request) override {
    const std::string cursor = request.cursor.value_or("");
    sdk::Result out;
    if (cursor.empty()) {
      out.details["inventory"] = boost::json::array{{{"sku", "ECHO-1"}, {"quantity", 7}}};
      out.details["cursor"] = "1";
      out.details["more"] = true;
    } else if (cursor == "1") {
      out.details["order_status"] =
          boost::json::array{{{"erp_order_id", "SO-1"}, {"status", "Shipped"}}};
      out.details["cursor"] = "2";
    } else {
      out.details["cursor"] = cursor;
    }
    return out;
  }

 private:
  sdk::Result deliver_over_http(const sdk::Delivery& delivery) {
    sdk::HttpRequest request;
    request.target = target_;
    request.headers = {{"Content-Type", "application/json"},
                       {"X-Idempotency-Key", delivery.idempotency_key}};
    request.body = boost::json::serialize(delivery.event);
    host_.log(ERPB_LOG_INFO, "posting " + document_id(delivery));
    const sdk::HttpResponse response = host_.send(request);
    if (!response.ok_transport())
      return sdk::Result::failure(response.result_class, response.error);
    if (!response.succeeded()) {
      // The host's classification (ABI 1.2), passed on as it came.
      sdk::Result refused = sdk::Result::failure(response.result_class, "ERP refused the document")
                                .with("http_status", response.status)
                                .with("body_excerpt", response.body);
      if (response.retry_after_ms) refused.with("retry_after_ms", *response.retry_after_ms);
      return refused;
    }
    const auto reply = boost::json::parse(response.body).as_object();
    return sdk::Result::created(std::string(reply.at("id").as_string()))
        .with("http_status", response.status)
        .with("message", "trace " + response.header("x-erp-trace").value_or("none"));
  }

  sdk::Host host_;
  bool use_http_ = false;
  std::string target_ = "/documents";
};

}  // namespace

ERPBRIDGE_DECLARE_CONNECTOR(EchoConnector, "echo", "1.2.3", "test adapter that echoes ids")
