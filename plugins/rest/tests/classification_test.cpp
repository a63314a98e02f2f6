// Every result class a delivery or lookup can end in, from scripted ERP replies.
#include <gtest/gtest.h>

#include "reply_classifier.hpp"
#include "rest_test_support.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

// The demo ERP's contract in JSON, cut down to what classification needs.
constexpr const char* kSettings = R"({"events": {
  "customer.created": {"path": "/createcustomer", "body": "return { customer = { externalId = data.customer_id } }",
                       "id": "/customerId", "success": "reply.status == 'success'", "message": "/message",
                       "lookup": {"path": "/customers", "query": {"externalId": "{{data.customer_id}}"},
                                  "id": "/customerId"}},
  "order.created": {"path": "/createorder", "body": "return { order = { externalId = data.order_id } }",
                    "id": "/orderId", "line_ids": {"array": "/lines", "our": "/lineRef", "erp": "/lineId"},
                    "lookup": {"path": "/orders", "query": {"externalId": "{{data.order_id}}"}, "id": "/orderId"}},
  "order.cancelled": {"path": "/cancelorder", "body": "return { cancel = {} }"}
}})";

struct Case {
  sdk::Result result;
  std::string summary() const {
    return class_name(result.result_class) + ": " + message_of(result);
  }
  std::string field(const char* name) const {
    auto* v = result.details.if_contains(name);
    return v ? boost::json::serialize(*v) : "<absent>";
  }
};

Case deliver(const std::string& event_type, sdk::HttpResponse response,
             const char* settings = kSettings) {
  RestAdapter adapter(parse_object(settings));
  ScriptedErp erp(std::move(response));
  return {adapter.deliver(delivery(event_type, sample_refs()), erp.sender())};
}

Case lookup(const std::string& event_type, sdk::HttpResponse response) {
  RestAdapter adapter(parse_object(kSettings));
  ScriptedErp erp(std::move(response));
  return {adapter.lookup(delivery(event_type, sample_refs()), erp.sender())};
}

TEST(Classification, CreatedCustomerIsOkWithItsId) {
  auto c =
      deliver("customer.created", reply(200, R"({"status":"success","customerId":"C000001"})"));
  EXPECT_EQ(class_name(c.result.result_class), "ok");
  EXPECT_EQ(c.field("erp_id"), R"("C000001")");
  EXPECT_EQ(c.field("http_status"), "200");
  EXPECT_EQ(c.field("body_excerpt"), R"("{\"status\":\"success\",\"customerId\":\"C000001\"}")");
}

TEST(Classification, CreatedOrderCarriesItsLineIds) {
  auto c = deliver("order.created", reply(201, R"({"status":"success","orderId":"SO000001","lines":[
                     {"lineRef":"L1","lineId":"SO000001-1"},{"lineRef":"L2","lineId":"SO000001-2"}]})"));
  EXPECT_EQ(class_name(c.result.result_class), "ok");
  EXPECT_EQ(c.field("erp_id"), R"("SO000001")");
  EXPECT_EQ(c.field("line_erp_ids"), R"({"L1":"SO000001-1","L2":"SO000001-2"})");
}

TEST(Classification, CancelWithoutReplyChecksIsOkOnAny2xx) {
  auto c = deliver("order.cancelled", reply(204, ""));
  EXPECT_EQ(class_name(c.result.result_class), "ok");
  EXPECT_EQ(c.field("success"), "true");
  EXPECT_EQ(c.field("http_status"), "204");
}

TEST(Classification, BusinessFailureIn200IsPermanentWithTheErpsMessage) {
  auto c = deliver("customer.created",
                   reply(200, R"({"status":"failure","message":"customer is blocked"})"));
  EXPECT_EQ(c.summary(), "permanent: the ERP reported a failure: customer is blocked");
  EXPECT_EQ(c.field("http_status"), "200");
}

TEST(Classification, ReplyWithoutIdIsPermanent) {
  auto c = deliver("customer.created", reply(200, R"({"status":"success"})"));
  EXPECT_EQ(c.summary(), "permanent: reply has no id at /customerId");
  EXPECT_EQ(c.field("body_excerpt"), R"("{\"status\":\"success\"}")");
}

TEST(Classification, Malformed2xxReplyIsInDoubt) {
  auto created = deliver("order.created", reply(200, R"({"status":"success","orderId":"SO0)"));
  EXPECT_EQ(class_name(created.result.result_class), "in_doubt");
  EXPECT_EQ(message_of(created.result)
                .rfind("the ERP answered HTTP 200 but its reply cannot be "
                       "read, so the outcome is unknown: ",
                       0),
            0u)
      << message_of(created.result);
  const char* cancel_checks = R"({"events": {"order.cancelled": {"path": "/c", "body": "return {}",
                                   "success": "reply.status == 'success'"}}})";
  EXPECT_EQ(
      class_name(
          deliver("order.cancelled", reply(200, "<html>"), cancel_checks).result.result_class),
      "in_doubt");
}

TEST(Classification, ServerErrorsAndThrottlingAreRetryable) {
  for (int status : {408, 429, 500, 502, 503, 504}) {
    auto c = deliver("customer.created", reply(status, R"({"status":"error","message":"busy"})"));
    EXPECT_EQ(c.summary(), "retryable: ERP answered HTTP " + std::to_string(status) + ": busy");
    EXPECT_EQ(c.field("http_status"), std::to_string(status));
  }
}

TEST(Classification, RetryAfterSecondsAndDatesBecomeMilliseconds) {
  auto c = deliver("customer.created", reply(429, "{}", {{"retry-after", "7"}}));
  EXPECT_EQ(c.field("retry_after_ms"), "7000");
  auto now = std::chrono::system_clock::from_time_t(784111717);  // Sun, 06 Nov 1994 08:48:37 GMT
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), 60000);
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now), 60000);
  EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:37 1994", now), 60000);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now), 0);
  EXPECT_EQ(parse_retry_after("soon", now), std::nullopt);
  EXPECT_EQ(deliver("customer.created", reply(503, "{}", {{"Retry-After", "later"}}))
                .field("retry_after_ms"),
            "<absent>");
}

TEST(Classification, OtherClientErrorsArePermanent) {
  auto c = deliver("customer.created",
                   reply(422, R"({"status":"error","message":"customer.email is required"})"));
  EXPECT_EQ(c.summary(), "permanent: ERP answered HTTP 422: customer.email is required");
  EXPECT_EQ(deliver("customer.created", reply(401, "denied")).summary(),
            "permanent: ERP answered HTTP 401");
  EXPECT_EQ(class_name(deliver("customer.created", reply(302, "")).result.result_class),
            "permanent");
}

TEST(Classification, TransportOutcomes) {
  auto not_sent =
      deliver("customer.created", transport_failure(ERPB_TRANSPORT_NOT_SENT, "connection refused"));
  EXPECT_EQ(not_sent.summary(), "retryable: could not reach the ERP: connection refused");
  EXPECT_EQ(not_sent.field("http_status"), "0");
  auto no_answer = deliver("customer.created",
                           transport_failure(ERPB_TRANSPORT_SENT_NO_RESPONSE, "read timed out"));
  EXPECT_EQ(no_answer.summary(),
            "in_doubt: the ERP did not answer, so the outcome is unknown: read timed out");
  auto bad =
      deliver("customer.created", transport_failure(ERPB_TRANSPORT_BAD_REQUEST, "bad target"));
  EXPECT_EQ(bad.summary(), "invalid: the request could not be sent: bad target");
}

TEST(Classification, UnconfiguredEventTypeIsPermanent) {
  auto c = deliver("order.returned", reply(200, "{}"));
  EXPECT_EQ(c.summary(), "permanent: event type order.returned is not configured for this tenant");
}

TEST(Classification, FailingSuccessExpressionIsInvalid) {
  const char* settings = R"({"events": {"order.cancelled": {"path": "/c", "body": "return {}",
                              "success": "reply.result.code == 0"}}})";
  auto c = deliver("order.cancelled", reply(200, R"({"status":"success"})"), settings);
  EXPECT_EQ(c.summary(),
            "invalid: /events/order.cancelled/success:1: attempt to index a nil value (field "
            "'result')");
}

TEST(Classification, SuccessExpressionSeesXmlRepliesAsTables) {
  const char* settings = R"({"format": "xml", "events": {"order.cancelled": {"path": "/c",
      "body": "return { cancel = {} }", "message": "/response/message",
      "success": "reply.status == 'success' and reply.cancelled == 'true' and status == 200"}}})";
  EXPECT_EQ(
      deliver(
          "order.cancelled",
          reply(200, "<response><status>success</status><cancelled>true</cancelled></response>"),
          settings)
          .summary(),
      "ok: ");
  EXPECT_EQ(deliver("order.cancelled",
                    reply(200,
                          "<response><status>failure</status><message>order SO000001 is "
                          "already cancelled</message></response>"),
                    settings)
                .summary(),
            "permanent: the ERP reported a failure: order SO000001 is already cancelled");
}

TEST(Classification, BodyExcerptIsBoundedAndCutOnACharacter) {
  std::string body = R"({"status":"error","message":")" + std::string(600, 'x') + "é\"}";
  body.insert(30 + 480, "é");
  auto c = deliver("customer.created", reply(500, body));
  std::string excerpt(c.result.details.at("body_excerpt").as_string());
  EXPECT_LE(excerpt.size(), kBodyExcerptBytes);
  EXPECT_GE(excerpt.size(), kBodyExcerptBytes - 3);
  EXPECT_EQ(excerpt, body.substr(0, excerpt.size()));
}

TEST(Lookup, FoundDocumentGivesItsId) {
  auto c = lookup("customer.created", reply(200, R"({"customerId":"C000001"})"));
  EXPECT_EQ(class_name(c.result.result_class), "ok");
  EXPECT_EQ(c.field("found"), "true");
  EXPECT_EQ(c.field("erp_id"), R"("C000001")");
}

TEST(Lookup, FoundOrderCarriesTheEventsLineIds) {
  auto c = lookup("order.created", reply(200, R"({"orderId":"SO000001","status":"open",
                  "lines":[{"lineRef":"L1","lineId":"SO000001-1"}]})"));
  EXPECT_EQ(c.field("erp_id"), R"("SO000001")");
  EXPECT_EQ(c.field("line_erp_ids"), R"({"L1":"SO000001-1"})");
}

TEST(Lookup, NotFoundIs404) {
  auto c = lookup("customer.created", reply(404, R"({"status":"error","message":"not found"})"));
  EXPECT_EQ(class_name(c.result.result_class), "ok");
  EXPECT_EQ(c.field("found"), "false");
  EXPECT_EQ(c.field("http_status"), "404");
}

TEST(Lookup, FailuresAreClassifiedLikeDeliveries) {
  EXPECT_EQ(class_name(lookup("customer.created", reply(503, "{}")).result.result_class),
            "retryable");
  EXPECT_EQ(class_name(lookup("customer.created", reply(200, "{")).result.result_class),
            "in_doubt");
  EXPECT_EQ(lookup("customer.created", reply(200, "{}")).summary(),
            "permanent: lookup reply has no id at /customerId");
  EXPECT_EQ(class_name(lookup("customer.created",
                              transport_failure(ERPB_TRANSPORT_SENT_NO_RESPONSE, "timeout"))
                           .result.result_class),
            "in_doubt");
}

TEST(Lookup, WithoutLookupSettingsIsInvalid) {
  EXPECT_EQ(lookup("order.cancelled", reply(200, "{}")).summary(),
            "invalid: no lookup configured for order.cancelled");
}

}  // namespace
}  // namespace erpbridge::rest
