// Resolving request targets against base_url, without any network.
#include "http/origin.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace erpbridge::http {
namespace {

std::string resolved(const std::string& base_url, const std::string& target) {
  const ResolvedTarget result = resolve_target(parse_base_url(base_url), target);
  EXPECT_EQ(result.error, "") << target;
  return result.path_and_query;
}

std::string refusal(const std::string& base_url, const std::string& target) {
  return resolve_target(parse_base_url(base_url), target).error;
}

TEST(Origin, AppendsRelativeTargetsToTheBasePath) {
  EXPECT_EQ(resolved("http://h:1/api", "/createorder"), "/api/createorder");
  EXPECT_EQ(resolved("http://h:1/api/", "/createorder"), "/api/createorder");
  EXPECT_EQ(resolved("http://h:1/api", "createorder?x=1"), "/api/createorder?x=1");
  EXPECT_EQ(resolved("http://h:1/api", "?x=1"), "/api?x=1");
  EXPECT_EQ(resolved("http://h:1/api", ""), "/api");
  EXPECT_EQ(resolved("http://h:1", "/createorder"), "/createorder");
  EXPECT_EQ(resolved("http://h:1", ""), "/");
  EXPECT_EQ(resolved("http://h:1", "?x=1"), "/?x=1");
}

TEST(Origin, KeepsThePercentEncodingOfTheTarget) {
  EXPECT_EQ(resolved("http://h:1/api", "/items/a%2Fb?q=%20x"), "/api/items/a%2Fb?q=%20x");
  EXPECT_EQ(resolved("http://h:1/api", "http://h:1/other/a%2Fb?q=1"), "/other/a%2Fb?q=1");
}

TEST(Origin, DropsTheFragment) {
  EXPECT_EQ(resolved("http://h:1/api", "/x?y=1#part"), "/api/x?y=1");
}

TEST(Origin, AcceptsAbsoluteTargetsOnTheSameOriginIncludingDefaultPorts) {
  EXPECT_EQ(resolved("https://erp.example.com/api", "https://ERP.example.com:443/v2/x"), "/v2/x");
  EXPECT_EQ(resolved("http://erp.example.com:80", "http://erp.example.com?x=1"), "/?x=1");
}

TEST(Origin, RefusesAbsoluteTargetsOnAnotherOrigin) {
  EXPECT_NE(refusal("http://h:1/api", "http://h:2/api/x"), "");
  EXPECT_NE(refusal("http://h:1/api", "http://evil.example:1/api/x"), "");
  EXPECT_NE(refusal("http://h:1/api", "https://h:1/api/x"), "");
  EXPECT_NE(refusal("https://h/api", "http://h:443/api/x"), "");
}

TEST(Origin, RefusesCredentialsInAnAbsoluteTargetWithoutEchoingThem) {
  const std::string error = refusal("http://h:1/api", "http://user:hunter2@h:1/api/x");
  EXPECT_NE(error, "");
  EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
}

TEST(Origin, RefusesTargetsThatWouldBreakTheRequestLine) {
  EXPECT_NE(refusal("http://h:1", "/x\r\nX-Injected: 1"), "");
  EXPECT_NE(refusal("http://h:1", "/with space"), "");
  EXPECT_NE(refusal("http://h:1", "/caf\xc3\xa9"), "");
}

TEST(Origin, RefusesBaseUrlsThatAreNotPlainHttpOrigins) {
  EXPECT_THROW(parse_base_url("ftp://h/x"), std::invalid_argument);
  EXPECT_THROW(parse_base_url("/just/a/path"), std::invalid_argument);
  EXPECT_THROW(parse_base_url("http://user:pw@h/x"), std::invalid_argument);
  EXPECT_THROW(parse_base_url("http://h/x?q=1"), std::invalid_argument);
}

TEST(Origin, DescribesTheOriginWithoutPathOrCredentials) {
  EXPECT_EQ(parse_base_url("https://erp.example.com/api").describe(),
            "https://erp.example.com:443");
  EXPECT_EQ(parse_base_url("http://[::1]:8080/api").describe(), "http://[::1]:8080");
}

}  // namespace
}  // namespace erpbridge::http
