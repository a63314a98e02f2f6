#include <gtest/gtest.h>

#include "api/path_pattern.hpp"
#include "api/url_encoding.hpp"

namespace erpbridge::api {
namespace {

TEST(PathPattern, LiteralPathsMatchExactly) {
  std::vector<std::string> params;
  EXPECT_TRUE(match_pattern("/v1/events", "/v1/events", params));
  EXPECT_FALSE(match_pattern("/v1/events", "/v1/events/", params));
  EXPECT_FALSE(match_pattern("/v1/events", "/v1/eventsx", params));
  EXPECT_FALSE(match_pattern("/createorder", "/createorder/x", params));
}

TEST(PathPattern, PlaceholdersCaptureOneDecodedSegment) {
  std::vector<std::string> params;
  ASSERT_TRUE(match_pattern("/v1/dead-letters/{id}/replay",
                            "/v1/dead-letters/order.created:ORD%2F5001/replay", params));
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0], "order.created:ORD/5001");
}

TEST(PathPattern, EmptyOrMalformedSegmentsDoNotMatch) {
  std::vector<std::string> params;
  EXPECT_FALSE(match_pattern("/v1/events/{id}", "/v1/events/", params));
  EXPECT_FALSE(match_pattern("/v1/events/{id}", "/v1/events/%zz", params));
}

TEST(UrlEncoding, EventIdsSurviveARoundTripAsOneSegment) {
  const std::string id = "order.created:ORD 5001/#1?";
  const std::string encoded = percent_encode_segment(id);
  EXPECT_EQ(encoded.find('/'), std::string::npos);
  EXPECT_EQ(percent_decode(encoded), id);
  EXPECT_EQ(percent_encode_segment("customer.created:cu_1001"), "customer.created:cu_1001");
}

TEST(UrlEncoding, QueryValuesAreDecodedAndPlusIsNotASpace) {
  auto query = parse_query("data=%7B%22phone%22%3A%22%2B91%22%7D&limit=5&x");
  ASSERT_TRUE(query);
  EXPECT_EQ(query->at("data"), R"({"phone":"+91"})");
  EXPECT_EQ(query->at("limit"), "5");
  EXPECT_EQ(query->at("x"), "");
  EXPECT_EQ(parse_query("a=1+2")->at("a"), "1+2");
  EXPECT_FALSE(parse_query("a=%4"));
}

}  // namespace
}  // namespace erpbridge::api
