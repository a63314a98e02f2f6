// Unit tests of the example adapter against the SDK's fake host: no server, no erpbridge.
#include "hello_connector.hpp"

#include <erpbridge/fake_host.hpp>

#include <gtest/gtest.h>

namespace hello {
namespace {

namespace testing = erpbridge::sdk::testing;

const boost::json::object kCustomer = {
    {"event_type", "customer.created"},
    {"data", {{"customer_id", "cu_1"}, {"first_name", "Asha"}, {"email", "asha@example.com"}}}};

const boost::json::object kOrder = {{"event_type", "order.created"},
                                    {"data",
                                     {{"order_id", "ORD-1"},
                                      {"customer", {{"customer_id", "cu_1"}}},
                                      {"placed_at", "2026-11-20T10:31:10+05:30"},
                                      {"currency", "INR"},
                                      {"items", boost::json::array{{{"line_id", "L1"},
                                                                    {"sku", "MUG"},
                                                                    {"quantity", 1},
                                                                    {"unit_price", "299.00"},
                                                                    {"line_total", "299.00"}}}},
                                      {"totals", {{"grand_total", "299.00"}}}}}};

TEST(HelloConnector, PostsTheCustomerDataAndAnswersTheErpId) {
  testing::FakeHost fake;
  fake.push(testing::reply(201, R"({"id": "C-7"})"));
  HelloConnector connector(fake.host(), {});

  const auto result =
      testing::call([&] { return connector.deliver(testing::delivery(kCustomer)); });

  EXPECT_EQ(result.result_class, erpbridge::sdk::ResultClass::ok);
  EXPECT_EQ(testing::text_of(result, "erp_id"), "C-7");
  const auto sent = fake.requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.target, "/customers");
  EXPECT_EQ(boost::json::parse(sent.body), kCustomer.at("data"));  // the body is the event's data
}

TEST(HelloConnector, AnOrderCarriesItsCustomersErpIdAndAnswersLineIds) {
  testing::FakeHost fake;
  fake.push(testing::reply(201, R"({"id": "SO-1", "lines": {"L1": "SO-1-10"}})"));
  HelloConnector connector(fake.host(), {{"orders_path", "/v2/orders"}});

  const auto result = testing::call([&] {
    return connector.deliver(testing::delivery(kOrder, {{"customer_erp_id", "C-7"}}));
  });

  EXPECT_EQ(testing::text_of(result, "erp_id"), "SO-1");
  EXPECT_EQ(result.details.at("line_erp_ids").at("L1"), "SO-1-10");
  const auto sent = fake.requests().at(0);
  EXPECT_EQ(sent.target, "/v2/orders");
  EXPECT_EQ(boost::json::parse(sent.body).at("erp_customer"), "C-7");
}

TEST(HelloConnector, AThrottledErpIsRetryableAfterItsRetryAfter) {
  testing::FakeHost fake;
  fake.push(testing::reply(429, "slow down", {{"Retry-After", "30"}}));
  HelloConnector connector(fake.host(), {});

  const auto result =
      testing::call([&] { return connector.deliver(testing::delivery(kCustomer)); });

  EXPECT_EQ(result.result_class, erpbridge::sdk::ResultClass::retryable);
  EXPECT_EQ(result.details.at("retry_after_ms"), 30000);
  EXPECT_EQ(result.details.at("http_status"), 429);
}

TEST(HelloConnector, ALostReplyIsInDoubtAndLookupFindsTheCustomer) {
  testing::FakeHost fake;
  fake.push(testing::no_answer());
  fake.push(testing::reply(200, R"({"items": [{"id": "C-7"}]})"));
  HelloConnector connector(fake.host(), {});

  const auto sent = testing::call([&] { return connector.deliver(testing::delivery(kCustomer)); });
  EXPECT_EQ(sent.result_class, erpbridge::sdk::ResultClass::in_doubt);

  const auto found = testing::call([&] { return *connector.lookup(testing::delivery(kCustomer)); });
  EXPECT_EQ(found.details.at("found"), true);
  EXPECT_EQ(testing::text_of(found, "erp_id"), "C-7");
  EXPECT_EQ(fake.requests().at(1).target, "/customers?ref=cu_1");
}

TEST(HelloConnector, AMalformedErpReplyIsInvalidWithTheReason) {
  testing::FakeHost fake;
  fake.push(testing::reply(201, R"({"identifier": "C-7"})"));
  HelloConnector connector(fake.host(), {});

  const auto result =
      testing::call([&] { return connector.deliver(testing::delivery(kCustomer)); });

  EXPECT_EQ(result.result_class, erpbridge::sdk::ResultClass::invalid);
}

TEST(HelloConnector, ATypoInTheSettingsIsNamedWithAHint) {
  testing::FakeHost fake;
  try {
    HelloConnector connector(fake.host(), {{"order_path", "/o"}});
    FAIL() << "the typo was accepted";
  } catch (const erpbridge::sdk::SettingsError& e) {
    EXPECT_EQ(e.key, "/order_path");
    EXPECT_STREQ(e.what(), "unknown setting 'order_path'; did you mean 'orders_path'?");
  }
}

}  // namespace
}  // namespace hello
