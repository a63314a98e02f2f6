// Unit tests of the example adapter against the SDK's fake host: no server, no erpbridge.
#include "hello_connector.hpp"

#include <erpbridge/fake_host.hpp>

#include <gtest/gtest.h>

namespace hello {
namespace {

namespace json = boost::json;
namespace testing = erpbridge::sdk::testing;
using erpbridge::sdk::ResultClass;

const json::object kCustomer = {
    {"event_type", "customer.created"},
    {"data",
     {{"customer_id", "cu_1"},
      {"first_name", "Asha"},
      {"email", "asha@example.com"},
      {"addresses", json::array{{{"type", "billing"}, {"city", "Pune"}, {"country", "IN"}}}}}}};

const json::object kOrder = {{"event_type", "order.created"},
                             {"data",
                              {{"order_id", "ORD-1"},
                               {"customer", {{"customer_id", "cu_1"}}},
                               {"placed_at", "2026-11-20T10:31:10+05:30"},
                               {"currency", "INR"},
                               {"items", json::array{{{"line_id", "L1"},
                                                      {"sku", "MUG"},
                                                      {"quantity", 2},
                                                      {"unit_price", "299.00"},
                                                      {"line_total", "598.00"}}}},
                               {"totals", {{"grand_total", "598.00"}}}}}};

json::object cancellation(const char* scope) {
  return {{"event_type", "order.cancelled"},
          {"data",
           {{"order_id", "ORD-1"},
            {"cancellation_id", "CX-1"},
            {"scope", scope},
            {"reason", "customer"},
            {"items", json::array{{{"line_id", "L1"}, {"quantity", 1}}}}}}};
}

const json::object kReturn = {
    {"event_type", "order.returned"},
    {"data",
     {{"order_id", "ORD-1"},
      {"return_id", "RT-1"},
      {"status", "approved"},
      {"items", json::array{{{"line_id", "L1"}, {"quantity", 1}, {"reason", "too small"}}}}}}};

// The refs the host hands a cancellation or a return of kOrder.
const json::object kOrderRefs = {{"order_erp_id", "SO-1"}, {"line_erp_ids", {{"L1", "SO-1-1"}}}};

// The value of the request header `name` ("" when absent).
std::string header_of(const erpbridge::sdk::HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers)
    if (key == name) return value;
  return "";
}

json::value sent_body(const testing::FakeHost& fake, std::size_t index = 0) {
  return json::parse(fake.requests().at(index).body);
}

TEST(HelloConnector, PostsTheCustomerAsTheErpsDocumentAndAnswersItsId) {
  testing::FakeHost fake;
  fake.push(testing::reply(200, R"({"status": "success", "customerId": "C-7"})"));
  HelloConnector connector(fake.host(), {});

  const auto result = testing::call(
      [&] { return connector.deliver(testing::delivery(kCustomer, {}, 1, "p1:evt-1")); });

  EXPECT_EQ(result.result_class, ResultClass::ok);
  EXPECT_EQ(testing::text_of(result, "erp_id"), "C-7");
  const auto sent = fake.requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.target, "/createcustomer");
  EXPECT_EQ(header_of(sent, "Idempotency-Key"), "p1:evt-1");
  EXPECT_EQ(sent_body(fake), json::parse(R"({"customer": {"externalId": "cu_1",
      "firstName": "Asha", "email": "asha@example.com",
      "addresses": [{"type": "billing", "city": "Pune", "country": "IN"}]}})"));
}

TEST(HelloConnector, AnOrderNamesItsCustomersErpIdAndAnswersTheErpLineIds) {
  testing::FakeHost fake;
  fake.push(testing::reply(200, R"({"status": "success", "orderId": "SO-1",
                                    "lines": [{"lineRef": "L1", "lineId": "SO-1-1"}]})"));
  HelloConnector connector(fake.host(), {});

  const auto result = testing::call([&] {
    return connector.deliver(testing::delivery(kOrder, {{"customer_erp_id", "C-7"}}));
  });

  EXPECT_EQ(testing::text_of(result, "erp_id"), "SO-1");
  EXPECT_EQ(result.details.at("line_erp_ids"), json::parse(R"({"L1": "SO-1-1"})"));
  EXPECT_EQ(fake.requests().at(0).target, "/createorder");
  const auto order = sent_body(fake).at("order");
  EXPECT_EQ(order.at("customerId"), "C-7");
  EXPECT_EQ(order.at("externalId"), "ORD-1");
  EXPECT_EQ(order.at("lines"), json::parse(R"([{"lineRef": "L1", "sku": "MUG", "quantity": 2,
      "unitPrice": "299.00", "lineTotal": "598.00"}])"));
}

TEST(HelloConnector, AnOrderWhoseCustomerHasNoErpIdIsInvalid) {
  testing::FakeHost fake;
  HelloConnector connector(fake.host(), {});

  const auto result = testing::call([&] { return connector.deliver(testing::delivery(kOrder)); });

  EXPECT_EQ(result.result_class, ResultClass::invalid);
  EXPECT_TRUE(fake.requests().empty());
}

TEST(HelloConnector, APartialCancellationNamesTheErpsOrderAndLines) {
  testing::FakeHost fake;
  fake.push(testing::reply(200, R"({"status": "success", "cancelled": true})"));
  HelloConnector connector(fake.host(), {});

  const auto result = testing::call(
      [&] { return connector.deliver(testing::delivery(cancellation("partial"), kOrderRefs)); });

  EXPECT_EQ(result.result_class, ResultClass::ok);
  EXPECT_EQ(result.details.at("success"), true);
  EXPECT_EQ(fake.requests().at(0).target, "/cancelorder");
  EXPECT_EQ(sent_body(fake), json::parse(R"({"cancel": {"orderId": "SO-1", "reference": "CX-1",
      "reason": "customer", "lines": [{"lineId": "SO-1-1", "quantity": 1}]}})"));
}

TEST(HelloConnector, AFullCancellationNamesNoLines) {
  testing::FakeHost fake;
  fake.push(testing::reply(200, R"({"status": "success", "cancelled": true})"));
  HelloConnector connector(fake.host(), {});

  const auto result = testing::call(
      [&] { return connector.deliver(testing::delivery(cancellation("full"), kOrderRefs)); });

  EXPECT_EQ(result.result_class, ResultClass::ok);
  EXPECT_FALSE(sent_body(fake).at("cancel").as_object().contains("lines"));
}

TEST(HelloConnector, ACancelledLineWithoutAnErpIdIsInvalidAndNothingIsSent) {
  testing::FakeHost fake;
  HelloConnector connector(fake.host(), {});

  const auto result = testing::call([&] {
    return connector.deliver(
        testing::delivery(cancellation("partial"), {{"order_erp_id", "SO-1"}}));
  });

  EXPECT_EQ(result.result_class, ResultClass::invalid);
  EXPECT_EQ(testing::text_of(result, "message"), "no ERP id for order line L1");
  EXPECT_TRUE(fake.requests().empty());
}

TEST(HelloConnector, AReturnAnswersTheErpsReturnDocumentId) {
  testing::FakeHost fake;
  fake.push(testing::reply(200, R"({"status": "success", "returnId": "RMA-3"})"));
  HelloConnector connector(fake.host(), {});

  const auto result =
      testing::call([&] { return connector.deliver(testing::delivery(kReturn, kOrderRefs)); });

  EXPECT_EQ(result.details.at("success"), true);
  EXPECT_EQ(testing::text_of(result, "erp_id"), "RMA-3");
  EXPECT_EQ(fake.requests().at(0).target, "/returnorder");
  EXPECT_EQ(sent_body(fake), json::parse(R"({"return": {"orderId": "SO-1", "reference": "RT-1",
      "lines": [{"lineId": "SO-1-1", "quantity": 1, "reason": "too small"}]}})"));
}

TEST(HelloConnector, ARefusalInsideA200IsPermanentWithTheErpsMessage) {
  testing::FakeHost fake;
  fake.push(testing::reply(
      200, R"({"status": "failure", "message": "order SO-1 is already cancelled"})"));
  HelloConnector connector(fake.host(), {});

  const auto result = testing::call(
      [&] { return connector.deliver(testing::delivery(cancellation("full"), kOrderRefs)); });

  EXPECT_EQ(result.result_class, ResultClass::permanent);
  EXPECT_EQ(testing::text_of(result, "message"), "order SO-1 is already cancelled");
}

TEST(HelloConnector, AThrottledErpIsRetryableAfterItsRetryAfter) {
  for (const std::uint16_t abi_minor : {std::uint16_t{1}, std::uint16_t{ERPB_ABI_VERSION_MINOR}}) {
    testing::FakeHost fake(abi_minor);  // an ABI 1.1 host leaves the verdict to the SDK
    fake.push(testing::reply(429, "slow down", {{"Retry-After", "30"}}));
    HelloConnector connector(fake.host(), {});

    const auto result =
        testing::call([&] { return connector.deliver(testing::delivery(kCustomer)); });

    EXPECT_EQ(result.result_class, ResultClass::retryable) << abi_minor;
    EXPECT_EQ(result.details.at("retry_after_ms"), 30000);
    EXPECT_EQ(result.details.at("http_status"), 429);
  }
}

TEST(HelloConnector, ALostReplyIsInDoubtAndLookupFindsTheCustomerByOurId) {
  testing::FakeHost fake;
  fake.push(testing::no_answer());
  fake.push(testing::reply(200, R"({"customerId": "C-7"})"));
  HelloConnector connector(fake.host(), {});

  const auto sent = testing::call([&] { return connector.deliver(testing::delivery(kCustomer)); });
  EXPECT_EQ(sent.result_class, ResultClass::in_doubt);

  const auto found = testing::call([&] { return *connector.lookup(testing::delivery(kCustomer)); });
  EXPECT_EQ(found.details.at("found"), true);
  EXPECT_EQ(testing::text_of(found, "erp_id"), "C-7");
  EXPECT_EQ(fake.requests().at(1).method, "GET");
  EXPECT_EQ(fake.requests().at(1).target, "/customers?externalId=cu_1");
}

TEST(HelloConnector, LookupOfAnOrderTheErpNeverMadeIsNotFound) {
  testing::FakeHost fake;
  fake.push(testing::reply(404, R"({"status": "error", "message": "not found"})"));
  HelloConnector connector(fake.host(), {});

  const auto found = testing::call([&] { return *connector.lookup(testing::delivery(kOrder)); });

  EXPECT_EQ(found.result_class, ResultClass::ok);
  EXPECT_EQ(found.details.at("found"), false);
  EXPECT_EQ(fake.requests().at(0).target, "/orders?externalId=ORD-1");
}

TEST(HelloConnector, AnUnreadable200ToACreateIsInDoubt) {
  testing::FakeHost fake;
  fake.push(testing::reply(200, R"({"status": "succ)"));
  HelloConnector connector(fake.host(), {});

  const auto result =
      testing::call([&] { return connector.deliver(testing::delivery(kCustomer)); });

  EXPECT_EQ(result.result_class, ResultClass::in_doubt);  // it may have been created
}

TEST(HelloConnector, IdempotencyKeysCanBeTurnedOff) {
  testing::FakeHost fake;
  fake.push(testing::reply(200, R"({"status": "success", "customerId": "C-7"})"));
  HelloConnector connector(fake.host(), {{"idempotency_keys", false}});

  (void)testing::call([&] { return connector.deliver(testing::delivery(kCustomer)); });

  EXPECT_EQ(header_of(fake.requests().at(0), "Idempotency-Key"), "");
}

TEST(HelloConnector, ATypoInTheSettingsIsNamedWithAHint) {
  testing::FakeHost fake;
  try {
    HelloConnector connector(fake.host(), {{"idempotency_key", true}});
    FAIL() << "the typo was accepted";
  } catch (const erpbridge::sdk::SettingsError& e) {
    EXPECT_EQ(e.key, "/idempotency_key");
    EXPECT_STREQ(e.what(), "unknown setting 'idempotency_key'; did you mean 'idempotency_keys'?");
  }
}

}  // namespace
}  // namespace hello
