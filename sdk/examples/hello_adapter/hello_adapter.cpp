// The smallest useful adapter: it greets the ERP with each new customer and answers the id the
// ERP gives back. Everything ERP-specific would go in deliver(); the SDK does the rest.
#include <erpbridge/connector.hpp>

#include <string>

namespace {

namespace sdk = erpbridge::sdk;

class HelloConnector : public sdk::Connector {
 public:
  // Settings come from the tenant's config file; a wrong one names its key.
  HelloConnector(sdk::Host host, const boost::json::object& settings) : host_(host) {
    if (const auto* path = settings.if_contains("path")) {
      if (!path->is_string()) throw sdk::SettingsError("/path", "must be a string");
      path_ = std::string(path->as_string());
    }
  }

  sdk::Result deliver(const sdk::Delivery& delivery) override {
    if (delivery.event_type() != "customer.created")
      return sdk::Result::failure(sdk::ResultClass::invalid, "hello only knows new customers");

    sdk::HttpRequest request;
    request.target = path_;
    request.headers = {{"Content-Type", "application/json"}};
    request.body = boost::json::serialize(delivery.data());
    const sdk::HttpResponse response = host_.send(request);  // the host owns the connection

    if (!response.ok_transport()) {
      // Sent but unanswered may have created the customer: let the host decide what to do.
      const bool maybe_sent = response.transport == ERPB_TRANSPORT_SENT_NO_RESPONSE;
      return sdk::Result::failure(
          maybe_sent ? sdk::ResultClass::in_doubt : sdk::ResultClass::retryable, response.error);
    }
    if (response.status >= 500)
      return sdk::Result::failure(sdk::ResultClass::retryable, "ERP unavailable")
          .with("http_status", response.status);
    if (response.status != 200 && response.status != 201)
      return sdk::Result::failure(sdk::ResultClass::permanent, "ERP refused the customer")
          .with("http_status", response.status)
          .with("body_excerpt", response.body);
    const auto reply = boost::json::parse(response.body).as_object();
    return sdk::Result::created(std::string(reply.at("id").as_string()))
        .with("http_status", response.status);
  }

 private:
  sdk::Host host_;
  std::string path_ = "/customers";
};

}  // namespace

ERPBRIDGE_DECLARE_CONNECTOR(HelloConnector, "hello", "0.1.0", "example adapter from the SDK", false)
