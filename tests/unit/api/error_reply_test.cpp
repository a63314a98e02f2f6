#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/error_reply.hpp"

namespace erpbridge::api {
namespace {

TEST(ErrorReply, JsonCarriesCodeMessageAndField) {
  auto reply = error_reply({422, "invalid_field",
                            "data.items[0].quantity must be a positive "
                            "integer",
                            "data.items[0].quantity"},
                           BodyFormat::json);
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(reply.content_type, "application/json");
  auto body = boost::json::parse(reply.body).as_object();
  const auto& error = body.at("error").as_object();
  EXPECT_EQ(error.at("code").as_string(), "invalid_field");
  EXPECT_EQ(error.at("field").as_string(), "data.items[0].quantity");
  EXPECT_NE(std::string(error.at("message").as_string()).find("positive"), std::string::npos);
}

TEST(ErrorReply, FieldIsLeftOutWhenTheErrorIsNotAboutOne) {
  auto reply = error_reply({404, "not_found", "no such path", ""}, BodyFormat::json);
  EXPECT_FALSE(boost::json::parse(reply.body).at("error").as_object().contains("field"));
}

TEST(ErrorReply, XmlCallersGetAnXmlError) {
  auto reply = error_reply({400, "malformed_body", "a < b & c", "data"}, BodyFormat::xml);
  EXPECT_EQ(reply.content_type.rfind("application/xml", 0), 0u);
  EXPECT_NE(reply.body.find("<error><code>malformed_body</code><message>a &lt; b &amp; c</message>"
                            "<field>data</field></error>"),
            std::string::npos)
      << reply.body;
}

TEST(ErrorReply, UnauthorizedRepliesCarryTheChallenge) {
  auto reply = error_reply({401, "unauthorized", "invalid credentials", ""}, BodyFormat::json);
  ASSERT_EQ(reply.headers.size(), 1u);
  EXPECT_EQ(reply.headers[0].first, "WWW-Authenticate");
  EXPECT_NE(reply.headers[0].second.find("Basic"), std::string::npos);
  EXPECT_NE(reply.headers[0].second.find("Bearer"), std::string::npos);
}

}  // namespace
}  // namespace erpbridge::api
