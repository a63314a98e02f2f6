// The HTTP request built for a delivery: target, query, headers and body type.
#include <gtest/gtest.h>

#include "rest_test_support.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

struct Sent {
  sdk::Result result;
  std::vector<sdk::HttpRequest> requests;
};

Sent send(const std::string& settings, const std::string& event_type, boost::json::object refs,
          bool as_lookup = false) {
  RestAdapter adapter(parse_object(settings));
  ScriptedErp erp(reply(200, R"({"id":"1"})"));
  auto d = delivery(event_type, std::move(refs));
  sdk::Result result =
      as_lookup ? adapter.lookup(d, erp.sender()) : adapter.deliver(d, erp.sender());
  return {std::move(result), std::move(erp.requests)};
}

TEST(Request, PathTemplatesAreUrlEncoded) {
  auto refs = parse_object(R"({"order_erp_id":"SO 1/2?&"})");
  auto sent = send(R"({"events": {"order.cancelled": {"method": "PUT",
                     "path": "/orders/{{refs.order_erp_id}}/cancel", "timeout_ms": 2500}}})",
                   "order.cancelled", refs);
  ASSERT_EQ(sent.requests.size(), 1u);
  EXPECT_EQ(sent.requests[0].method, "PUT");
  EXPECT_EQ(sent.requests[0].target, "/orders/SO%201%2F2%3F%26/cancel");
  EXPECT_EQ(sent.requests[0].timeout_ms, 2500u);
  EXPECT_EQ(sent.requests[0].body, "");
}

TEST(Request, QueryKeepsItsOrderAndEncodesValues) {
  auto sent = send(R"({"events": {"order.cancelled": {"path": "/cancel?v=2",
                     "query": {"source": "commerceup", "ref": "{{data.order_id}} #{{attempt}}",
                               "page": 1}}}})",
                   "order.cancelled", {});
  EXPECT_EQ(sent.requests[0].target, "/cancel?v=2&source=commerceup&ref=ORD-5001%20%231&page=1");
}

TEST(Request, HeadersAreTemplatesAndEventHeadersWin) {
  auto sent = send(R"({"headers": {"X-Tenant": "{{event.project_hash}}", "X-Api": "v1"},
                       "events": {"order.cancelled": {"path": "/c", "body": "return {}",
                                  "headers": {"x-api": "v2", "X-Event": "{{event.event_id}}"}}}})",
                   "order.cancelled", {});
  const auto& request = sent.requests[0];
  EXPECT_EQ(header_of(request, "X-Tenant"), "p8f3a21");
  EXPECT_EQ(header_of(request, "X-Api"), "<absent>");
  EXPECT_EQ(header_of(request, "x-api"), "v2");
  EXPECT_EQ(header_of(request, "X-Event"), "evt_01HZX4A2R7F1P3");
  EXPECT_EQ(header_of(request, "Content-Type"), "application/json");
  EXPECT_EQ(header_of(request, "Accept"), "application/json");
}

TEST(Request, XmlBodiesAreLabelledXmlUnlessConfiguredOtherwise) {
  auto sent = send(R"({"format": "xml", "events": {"order.cancelled": {"path": "/c",
                     "body": "return { cancel = {} }", "headers": {"Content-Type": "text/xml"}}}})",
                   "order.cancelled", {});
  EXPECT_EQ(header_of(sent.requests[0], "Content-Type"), "text/xml");
  EXPECT_EQ(header_of(sent.requests[0], "Accept"), "application/xml");
}

TEST(Request, IdempotencyKeyGoesOnDeliveriesNotLookups) {
  const char* settings = R"({"idempotency_header": "Idempotency-Key", "events": {
      "customer.created": {"path": "/createcustomer", "body": "return {}", "id": "/id",
                           "lookup": {"path": "/customers", "id": "/id"}}}})";
  auto delivered = send(settings, "customer.created", {});
  EXPECT_EQ(header_of(delivered.requests[0], "Idempotency-Key"), "evt-key-1");
  auto looked_up = send(settings, "customer.created", {}, true);
  EXPECT_EQ(looked_up.requests[0].method, "GET");
  EXPECT_EQ(header_of(looked_up.requests[0], "Idempotency-Key"), "<absent>");
}

TEST(Request, NilTemplateValueIsInvalidAndNothingIsSent) {
  auto sent = send(R"({"events": {"order.cancelled": {"path": "/orders/{{refs.order_erp_id}}"}}})",
                   "order.cancelled", {});
  EXPECT_TRUE(sent.requests.empty());
  EXPECT_EQ(class_name(sent.result.result_class), "invalid");
  EXPECT_EQ(message_of(sent.result), "/events/order.cancelled/path: gave nil, not text");
}

TEST(Request, HeaderInjectionIsRefused) {
  auto sent = send(R"({"events": {"order.cancelled": {"path": "/c",
                     "headers": {"X-Reason": "{{ 'a\\r\\nEvil: 1' }}"}}}})",
                   "order.cancelled", {});
  EXPECT_TRUE(sent.requests.empty());
  EXPECT_EQ(message_of(sent.result), "header X-Reason: the value contains a line break or NUL");
}

TEST(Request, TemplateValuesOfEveryScalarKind) {
  auto sent = send(R"({"events": {"order.cancelled": {"path": "/c",
      "query": {"d": "{{ dec('1.50') * 2 }}", "i": "{{ 2 + 3 }}", "f": "{{ 1 / 4 }}",
                "b": "{{ data.scope == 'partial' }}", "m": "{{ money(1) }}"}}}})",
                   "order.cancelled", {});
  EXPECT_EQ(sent.requests[0].target, "/c?d=3.00&i=5&f=0.25&b=true&m=1.00");
}

}  // namespace
}  // namespace erpbridge::rest
