#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "events/event.hpp"
#include "events/json_checks.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::events {
namespace {

namespace json = boost::json;
using erpbridge::testing::sample;

// Parses a sample after applying `edit` to its JSON, and returns the validation error.
template <typename Edit>
ValidationError error_after(const std::string& sample_name, Edit edit) {
  auto v = json::parse(sample(sample_name));
  edit(v.as_object());
  ValidationError error;
  EXPECT_FALSE(parse_event(json::serialize(v), error).has_value());
  return error;
}

TEST(EventParsing, AcceptsEveryCanonicalSample) {
  for (const char* name :
       {"customer.created", "order.created", "order.cancelled", "order.returned"}) {
    ValidationError error;
    auto event = parse_event(sample(name), error);
    ASSERT_TRUE(event) << name << ": " << error.path << ": " << error.message;
    EXPECT_STREQ(to_string(event->type), name);
    EXPECT_EQ(event->project_hash, "p8f3a21");
  }
}

TEST(EventParsing, EntityKeyGroupsCancelsAndReturnsWithTheirOrder) {
  ValidationError error;
  auto order = parse_event(sample("order.created"), error);
  auto cancel = parse_event(sample("order.cancelled"), error);
  auto customer = parse_event(sample("customer.created"), error);
  ASSERT_TRUE(order && cancel && customer);
  EXPECT_EQ(order->entity_key(), "order:ORD-5001");
  EXPECT_EQ(cancel->entity_key(), order->entity_key());
  EXPECT_EQ(customer->entity_key(), "customer:cu_1001");
  EXPECT_EQ(cancel->document_id(), "CX-1");
}

TEST(EventParsing, MalformedJsonIsReportedAsSuch) {
  ValidationError error;
  EXPECT_FALSE(parse_event("{\"event_id\": ", error));
  EXPECT_NE(error.message.find("malformed JSON"), std::string::npos);
}

TEST(EventParsing, NonObjectBodyIsRejected) {
  ValidationError error;
  EXPECT_FALSE(parse_event("[1,2]", error));
  EXPECT_NE(error.message.find("JSON object"), std::string::npos);
}

TEST(EventParsing, UnknownEventTypeNamesTheField) {
  auto e = error_after("order.created", [](json::object& o) { o["event_type"] = "order.paid"; });
  EXPECT_EQ(e.path, "event_type");
}

TEST(EventParsing, MissingEventIdNamesTheField) {
  auto e = error_after("order.created", [](json::object& o) { o.erase("event_id"); });
  EXPECT_EQ(e.path, "event_id");
  EXPECT_EQ(e.message, "is required");
}

TEST(EventParsing, EventIdWithLineBreakOrNulIsRefused) {
  for (const std::string& bad : {std::string("evt-1\r\nX-Injected: 1"), std::string("evt\n2"),
                                 std::string("evt\0003", 6), std::string("evt\t4")}) {
    auto e = error_after("order.created", [&](json::object& o) { o["event_id"] = bad; });
    EXPECT_EQ(e.path, "event_id");
    EXPECT_NE(e.message.find("control characters"), std::string::npos) << e.message;
  }
}

TEST(EventParsing, EventIdOverTheDocumentedLengthIsRefused) {
  auto fits = json::parse(sample("order.created"));
  fits.as_object()["event_id"] = std::string(kMaxEventIdBytes, 'e');
  ValidationError error;
  EXPECT_TRUE(parse_event(json::serialize(fits), error)) << error.path << " " << error.message;
  auto e = error_after("order.created", [](json::object& o) {
    o["event_id"] = std::string(kMaxEventIdBytes + 1, 'e');
  });
  EXPECT_EQ(e.path, "event_id");
}

TEST(EventParsing, EntityIdsWithControlCharactersNameTheirPath) {
  auto order_id = error_after(
      "order.created", [](json::object& o) { o["data"].as_object()["order_id"] = "ORD\r\n1"; });
  EXPECT_EQ(order_id.path, "data.order_id");
  auto line_id = error_after("order.created", [](json::object& o) {
    o["data"].as_object()["items"].as_array()[0].as_object()["line_id"] = "L\x01";
  });
  EXPECT_EQ(line_id.path, "data.items[0].line_id");
  auto customer = error_after("order.created", [](json::object& o) {
    o["data"].as_object()["customer"].as_object()["customer_id"] =
        std::string(kMaxIdBytes + 1, 'c');
  });
  EXPECT_EQ(customer.path, "data.customer.customer_id");
  auto cancel = error_after("order.cancelled", [](json::object& o) {
    o["data"].as_object()["cancellation_id"] = "CX\x7f";
  });
  EXPECT_EQ(cancel.path, "data.cancellation_id");
}

TEST(EventParsing, BadTimestampNamesTheField) {
  auto e = error_after("customer.created", [](json::object& o) { o["occurred_at"] = "yesterday"; });
  EXPECT_EQ(e.path, "occurred_at");
}

TEST(EventParsing, UnsupportedSchemaVersionIsRejected) {
  auto e = error_after("customer.created", [](json::object& o) { o["schema_version"] = "2"; });
  EXPECT_EQ(e.path, "schema_version");
}

TEST(EventParsing, MistypedQuantityNamesItsLinePath) {
  auto e = error_after("order.created", [](json::object& o) {
    o["data"].as_object()["items"].as_array()[1].as_object()["quantity"] = "one";
  });
  EXPECT_EQ(e.path, "data.items[1].quantity");
  EXPECT_NE(e.message.find("positive integer"), std::string::npos);
}

TEST(EventParsing, ZeroQuantityIsRejected) {
  auto e = error_after("order.created", [](json::object& o) {
    o["data"].as_object()["items"].as_array()[0].as_object()["quantity"] = 0;
  });
  EXPECT_EQ(e.path, "data.items[0].quantity");
  EXPECT_NE(e.message.find("positive integer"), std::string::npos);
}

TEST(EventParsing, MalformedPlacedAtNamesTheField) {
  auto e = error_after("order.created",
                       [](json::object& o) { o["data"].as_object()["placed_at"] = "yesterday"; });
  EXPECT_EQ(e.path, "data.placed_at");
}

TEST(EventParsing, MoneyAsFloatIsRejected) {
  auto e = error_after("order.created", [](json::object& o) {
    o["data"].as_object()["items"].as_array()[0].as_object()["unit_price"] = 499.0;
  });
  EXPECT_EQ(e.path, "data.items[0].unit_price");
  EXPECT_NE(e.message.find("decimal string"), std::string::npos);
}

TEST(EventParsing, OrderWithoutItemsIsRejected) {
  auto e = error_after("order.created",
                       [](json::object& o) { o["data"].as_object()["items"] = json::array{}; });
  EXPECT_EQ(e.path, "data.items");
}

TEST(EventParsing, OrderWithoutCustomerIdNamesNestedPath) {
  auto e = error_after("order.created", [](json::object& o) {
    o["data"].as_object()["customer"].as_object().erase("customer_id");
  });
  EXPECT_EQ(e.path, "data.customer.customer_id");
}

TEST(EventParsing, CustomerWithoutIdNamesTheField) {
  auto e = error_after("customer.created",
                       [](json::object& o) { o["data"].as_object().erase("customer_id"); });
  EXPECT_EQ(e.path, "data.customer_id");
}

TEST(EventParsing, CustomerEmailMustLookLikeAnEmail) {
  auto e = error_after("customer.created",
                       [](json::object& o) { o["data"].as_object()["email"] = "nobody"; });
  EXPECT_EQ(e.path, "data.email");
}

TEST(EventParsing, PartialCancelNeedsItems) {
  auto e =
      error_after("order.cancelled", [](json::object& o) { o["data"].as_object().erase("items"); });
  EXPECT_EQ(e.path, "data.items");
}

TEST(EventParsing, FullCancelNeedsNoItems) {
  auto v = json::parse(sample("order.cancelled"));
  auto& data = v.as_object()["data"].as_object();
  data["scope"] = "full";
  data.erase("items");
  ValidationError error;
  EXPECT_TRUE(parse_event(json::serialize(v), error)) << error.path << error.message;
}

TEST(EventParsing, CancelScopeMustBeKnown) {
  auto e = error_after("order.cancelled",
                       [](json::object& o) { o["data"].as_object()["scope"] = "some"; });
  EXPECT_EQ(e.path, "data.scope");
  EXPECT_NE(e.message.find("full, partial"), std::string::npos);
}

TEST(EventParsing, ReturnLineNeedsLineId) {
  auto e = error_after("order.returned", [](json::object& o) {
    o["data"].as_object()["items"].as_array()[0].as_object().erase("line_id");
  });
  EXPECT_EQ(e.path, "data.items[0].line_id");
}

TEST(EventParsing, FacadeDataIsWrappedInAnEnvelope) {
  auto v = json::parse(sample("order.created"));
  ValidationError error;
  auto event = event_from_data(EventType::order_created, "fc-1", "p8f3a21", "2026-11-27T10:00:00Z",
                               v.as_object()["data"].as_object(), error);
  ASSERT_TRUE(event) << error.message;
  EXPECT_EQ(event->envelope.at("event_type").as_string(), "order.created");
  EXPECT_EQ(event->document_id(), "ORD-5001");
}

TEST(DecimalStrings, AcceptsMoneyAndRejectsOtherText) {
  EXPECT_TRUE(is_decimal_string("499.00"));
  EXPECT_TRUE(is_decimal_string("-12"));
  EXPECT_FALSE(is_decimal_string("4.99e2"));
  EXPECT_FALSE(is_decimal_string(""));
  EXPECT_FALSE(is_decimal_string("1.23456"));
}

}  // namespace
}  // namespace erpbridge::events
