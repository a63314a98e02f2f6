// What the SDK's ABI boundary makes of adapter code: exceptions from malformed input become
// `invalid`, a thrown ConnectorError carries its whole result, and lookup is exported exactly
// when the adapter class overrides it.
#include <erpbridge/fake_host.hpp>

#include <gtest/gtest.h>

namespace erpbridge::sdk {
namespace {

using testing::call;
using testing::text_of;

TEST(Boundary, AMissingMemberIsInvalidWithTheMessage) {
  const boost::json::object data{{"order_id", "ORD-1"}};
  const Result r = call([&] { return Result::created(std::string(data.at("sku").as_string())); });
  EXPECT_EQ(r.result_class, ResultClass::invalid);
  EXPECT_NE(text_of(r, "message").find("bad input: "), std::string::npos);
}

TEST(Boundary, AMemberOfTheWrongJsonTypeIsInvalid) {
  const boost::json::object data{{"quantity", "two"}};
  const Result r =
      call([&] { return Result::created(std::to_string(data.at("quantity").as_int64())); });
  EXPECT_EQ(r.result_class, ResultClass::invalid);
}

TEST(Boundary, MalformedJsonTheAdapterParsesIsInvalid) {
  const Result r =
      call([] { return Result::created(std::string(boost::json::parse("{").as_string())); });
  EXPECT_EQ(r.result_class, ResultClass::invalid);
}

TEST(Boundary, OtherExceptionsStayPermanentAdapterErrors) {
  const Result r = call([]() -> Result { throw std::runtime_error("disk on fire"); });
  EXPECT_EQ(r.result_class, ResultClass::permanent);
  EXPECT_EQ(text_of(r, "message"), "adapter error: disk on fire");
}

TEST(Boundary, AThrownConnectorErrorCarriesItsWholeResult) {
  const Result r = call([]() -> Result {
    throw ConnectorError(Failure(ResultClass::retryable, "ERP busy", 503, 4000, "<html>busy"));
  });
  EXPECT_EQ(r.result_class, ResultClass::retryable);
  EXPECT_EQ(text_of(r, "message"), "ERP busy");
  EXPECT_EQ(r.details.at("http_status"), 503);
  EXPECT_EQ(r.details.at("retry_after_ms"), 4000);
  EXPECT_EQ(text_of(r, "body_excerpt"), "<html>busy");
}

class WithLookup : public Connector {
 public:
  Result deliver(const Delivery&) override { return Result::created("1"); }
  std::optional<Result> lookup(const Delivery&) override { return Result::not_found(); }
};
class WithoutLookup : public Connector {
 public:
  Result deliver(const Delivery&) override { return Result::created("1"); }
};
class InheritsLookup : public WithLookup {};

TEST(Boundary, LookupIsExportedExactlyWhenTheClassOverridesIt) {
  EXPECT_NE(detail::lookup_entry<WithLookup>(), nullptr);
  EXPECT_NE(detail::lookup_entry<InheritsLookup>(), nullptr);
  EXPECT_EQ(detail::lookup_entry<WithoutLookup>(), nullptr);
}

}  // namespace
}  // namespace erpbridge::sdk
