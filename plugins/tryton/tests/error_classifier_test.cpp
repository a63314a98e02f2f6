#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "error_classifier.hpp"
#include "rpc_envelope.hpp"

namespace erpbridge::tryton {
namespace {

namespace json = boost::json;

sdk::HttpResponse reply(int status, std::string body,
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
  sdk::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

sdk::HttpResponse lost(erpb_transport_status transport) {
  sdk::HttpResponse r;
  r.transport = transport;
  r.error = "connection reset";
  return r;
}

TEST(ErrorClassifierTest, UserErrorIsPermanentWithOnlyItsMessage) {
  // The third element of a domain violation carries the domain and field definitions:
  // tens of kB that must never reach a result.
  json::object huge;
  huge["fields"] = std::string(50000, 'x');
  json::value error = json::array{
      "UserError",
      json::array{"The value for field \"Product\" in \"Sale Line\" is not valid according to "
                  "its domain.",
                  "", json::array{json::array{"salable", "=", true}, huge}}};
  auto f = classify_rpc_error(error, "model.sale.sale.create");
  EXPECT_EQ(f.result_class, ResultClass::permanent);
  EXPECT_EQ(f.message,
            "The value for field \"Product\" in \"Sale Line\" is not valid according to its "
            "domain.");
}

TEST(ErrorClassifierTest, WarningNeedingConfirmationIsPermanent) {
  auto f = classify_rpc_error(
      json::parse(R"(["UserWarning",["sale_w1","Stock is low.","Really?"]])"), "confirm");
  EXPECT_EQ(f.result_class, ResultClass::permanent);
  EXPECT_NE(f.message.find("Stock is low."), std::string::npos);
}

TEST(ErrorClassifierTest, ConcurrentEditAndLockedDatabaseAreRetryable) {
  EXPECT_EQ(classify_rpc_error(json::parse(R"(["ConcurrencyException","Records were modified"])"),
                               "write")
                .result_class,
            ResultClass::retryable);
  EXPECT_EQ(classify_rpc_error(json::parse(R"(["database is locked",""])"), "create").result_class,
            ResultClass::retryable);
}

TEST(ErrorClassifierTest, ProgrammingErrorsArePermanentAndShort) {
  auto f = classify_rpc_error(json::parse(R"(["'nosuchfield'","Traceback ..."])"), "read");
  EXPECT_EQ(f.result_class, ResultClass::permanent);
  EXPECT_EQ(f.message, "Tryton error in read: 'nosuchfield'");
  auto missing = classify_rpc_error(json::parse(R"(["Missing context argument",""])"), "read");
  EXPECT_NE(missing.message.find("Missing context argument"), std::string::npos);
  auto odd = classify_rpc_error(json::value(42), "read");
  EXPECT_EQ(odd.result_class, ResultClass::permanent);
}

TEST(ErrorClassifierTest, LongMessagesAreCutOnACharacterBoundary) {
  std::string message;
  for (int i = 0; i < 200; ++i) message += "é";
  auto f = classify_rpc_error(json::array{"UserError", json::array{message, "", nullptr}}, "x");
  EXPECT_LE(f.message.size(), 303u);
  EXPECT_EQ(f.message.substr(f.message.size() - 3), "...");
  EXPECT_EQ(static_cast<unsigned char>(f.message[f.message.size() - 4]) & 0xC0, 0x80);
}

TEST(ErrorClassifierTest, NotSentIsRetryableAndALostReplyToAWriteIsInDoubt) {
  EXPECT_EQ(classify_http(lost(ERPB_TRANSPORT_NOT_SENT), Effect::write, "c")->result_class,
            ResultClass::retryable);
  EXPECT_EQ(classify_http(lost(ERPB_TRANSPORT_SENT_NO_RESPONSE), Effect::write, "c")->result_class,
            ResultClass::in_doubt);
  // A read changes nothing: sending it again is safe.
  EXPECT_EQ(classify_http(lost(ERPB_TRANSPORT_SENT_NO_RESPONSE), Effect::read, "c")->result_class,
            ResultClass::retryable);
  EXPECT_EQ(classify_http(lost(ERPB_TRANSPORT_BAD_REQUEST), Effect::read, "c")->result_class,
            ResultClass::permanent);
}

TEST(ErrorClassifierTest, RateLimitAndServerErrorsAreRetryableHonouringRetryAfter) {
  auto limited = classify_http(reply(429, "<h1>Too Many Requests</h1>", {{"retry-after", "7"}}),
                               Effect::write, "c");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->result_class, ResultClass::retryable);
  EXPECT_EQ(limited->retry_after_ms, 7000);
  EXPECT_EQ(limited->http_status, 429);
  auto down = classify_http(reply(503, ""), Effect::write, "c");
  EXPECT_EQ(down->result_class, ResultClass::retryable);
  EXPECT_FALSE(down->retry_after_ms);
}

TEST(ErrorClassifierTest, HtmlErrorPagesBecomeAShortPlainExcerpt) {
  const std::string page =
      "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
      "<h1>Internal Server Error</h1>\n<p>The server encountered an internal error.</p>\n";
  auto f = classify_http(reply(500, page), Effect::read, "model.sale.sale.read");
  EXPECT_EQ(f->result_class, ResultClass::retryable);
  EXPECT_EQ(f->body_excerpt,
            "500 Internal Server Error Internal Server Error The server encountered an internal "
            "error.");
}

TEST(ErrorClassifierTest, MethodNotExposedOverRpcIsPermanent) {
  auto f =
      classify_http(reply(403, "<h1>Forbidden</h1>"), Effect::write, "model.sale.sale.proceed");
  EXPECT_EQ(f->result_class, ResultClass::permanent);
  EXPECT_NE(f->message.find("not exposed over RPC"), std::string::npos);
}

TEST(ErrorClassifierTest, ResultOfAMatchingEnvelopeIsReturned) {
  auto r = rpc_result(reply(200, R"({"id":7,"result":[2]})"), 7, Effect::write, "create");
  ASSERT_TRUE(r);
  EXPECT_EQ(json::serialize(*r), "[2]");
}

TEST(ErrorClassifierTest, UnreadableSuccessToAWriteIsInDoubt) {
  EXPECT_EQ(rpc_result(reply(200, "<html>oops</html>"), 7, Effect::write, "create")
                .failure()
                .result_class,
            ResultClass::in_doubt);
  // A bare result: Tryton dropped the envelope, so the reply cannot be trusted either.
  EXPECT_EQ(rpc_result(reply(200, "[2]"), 7, Effect::write, "create").failure().result_class,
            ResultClass::in_doubt);
  EXPECT_EQ(rpc_result(reply(200, R"({"id":8,"result":[2]})"), 7, Effect::read, "read")
                .failure()
                .result_class,
            ResultClass::retryable);
}

}  // namespace
}  // namespace erpbridge::tryton
