// Requests that break HTTP itself (issue 18, point 3) get the API's JSON error body
// (docs/http-api.yaml, Error) with the right status, not an empty reply or a reset.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "raw_connection.hpp"
#include "serve_fixture.hpp"

namespace erpbridge::testing {
namespace {

using namespace std::chrono_literals;

class ServeTransportErrorsTest : public ServeTest {
 protected:
  // Sends `request` on a new connection; expects `status` with error `code`, then the close.
  void expect_refusal(const std::string& request, int status, const std::string& code) {
    RawConnection connection(port());
    ASSERT_TRUE(connection.send(request));
    const auto reply = connection.read_reply(10s);
    ASSERT_TRUE(reply.has_value()) << "no reply: the connection was closed or reset";
    EXPECT_EQ(reply->status, status) << reply->body;
    EXPECT_EQ(reply->header("content-type"), "application/json");
    EXPECT_EQ(reply->json().at("error").at("code"), boost::json::value(code)) << reply->body;
    EXPECT_TRUE(connection.closed_within(3s));
  }

  std::string events_post(const std::string& content_length) {
    return "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
           std::string(creds::kBearer) +
           "\r\nContent-Type: application/json\r\nContent-Length: " + content_length + "\r\n\r\n{}";
  }
};

TEST_F(ServeTransportErrorsTest, AMalformedRequestLineIs400WithAJsonError) {
  expect_refusal("GET /healthz\x01 HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad_request");
  expect_refusal("NOT HTTP AT ALL\r\n\r\n", 400, "bad_request");
}

TEST_F(ServeTransportErrorsTest, OversizedHeadersAre400WithAJsonError) {
  expect_refusal(
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(40000, 'a') + "\r\n\r\n", 400,
      "bad_request");
}

TEST_F(ServeTransportErrorsTest, ANegativeOrNonNumericContentLengthIs400Not413) {
  expect_refusal(events_post("-5"), 400, "bad_request");
  expect_refusal(events_post("twelve"), 400, "bad_request");
}

TEST_F(ServeTransportErrorsTest, APostWithoutALengthIs411) {
  expect_refusal("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n",
                 411, "length_required");
}

TEST_F(ServeTransportErrorsTest, ABodyShorterThanItsContentLengthIs408WhenTheTimeoutExpires) {
  ServeSettings settings;
  settings.request_timeout_ms = 1000;
  restart_serve(settings);
  expect_refusal(events_post("100"), 408, "request_timeout");
}

TEST_F(ServeTransportErrorsTest, AContentLengthOverTheLimitIs413BeforeTheBodyIsSent) {
  expect_refusal(events_post(std::to_string(10 * 1024 * 1024)), 413, "body_too_large");
}

}  // namespace
}  // namespace erpbridge::testing
