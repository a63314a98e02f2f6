// The host API table as a plugin sees it: requests are checked before they reach the client,
// responses own their memory until released, and failures are responses, never NULL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string_view>

#include "plugin/host_api.hpp"

namespace erpbridge::plugin {
namespace {

using ::testing::HasSubstr;

std::string_view view(erpb_str s) {
  return {s.data, s.size};
}
erpb_str str(std::string_view s) {
  return {s.data(), s.size()};
}

erpb_http_request valid_request() {
  static const erpb_http_header headers[] = {{str("Content-Type"), str("application/json")}};
  erpb_http_request r{};
  r.struct_size = sizeof r;
  r.method = str("POST");
  r.target = str("/createorder?x=1");
  r.headers = headers;
  r.header_count = 1;
  r.body = str("{}");
  r.timeout_ms = 2500;
  return r;
}

TEST(HostApi, TableSpeaksTheHeaderVersionAndHasEveryFunction) {
  const erpb_host_api& api = host_api();
  EXPECT_EQ(api.struct_size, sizeof(erpb_host_api));
  EXPECT_EQ(api.abi_major, ERPB_ABI_VERSION_MAJOR);
  EXPECT_EQ(api.abi_minor, ERPB_ABI_VERSION_MINOR);
  EXPECT_NE(api.log, nullptr);
  EXPECT_NE(api.http_send, nullptr);
  EXPECT_NE(api.http_release, nullptr);
}

TEST(HostApi, RequestIsConvertedFieldByField) {
  const auto c = valid_request();
  http::Request out;
  std::string problem;
  ASSERT_TRUE(to_http_request(&c, out, problem)) << problem;
  EXPECT_EQ(out.method, "POST");
  EXPECT_EQ(out.target, "/createorder?x=1");
  EXPECT_EQ(out.headers, (http::Headers{{"Content-Type", "application/json"}}));
  EXPECT_EQ(out.body, "{}");
  EXPECT_EQ(out.read_timeout, std::chrono::milliseconds(2500));
}

TEST(HostApi, ZeroTimeoutKeepsTheEndpointDefault) {
  auto c = valid_request();
  c.timeout_ms = 0;
  http::Request out;
  std::string problem;
  ASSERT_TRUE(to_http_request(&c, out, problem));
  EXPECT_FALSE(out.read_timeout);
}

TEST(HostApi, RepeatMarkIsPassedToTheClient) {
  auto c = valid_request();
  http::Request out;
  std::string problem;
  c.repeat = ERPB_REPEAT_SAFE;
  ASSERT_TRUE(to_http_request(&c, out, problem)) << problem;
  EXPECT_EQ(out.repeat, http::Repeat::safe);
  c.repeat = ERPB_REPEAT_NEVER;
  ASSERT_TRUE(to_http_request(&c, out, problem)) << problem;
  EXPECT_EQ(out.repeat, http::Repeat::never);
}

TEST(HostApi, RequestOfAPluginOlderThanTheRepeatFieldGetsTheRuleByMethod) {
  auto c = valid_request();
  c.repeat = ERPB_REPEAT_SAFE;  // beyond struct_size, so not the plugin's: never read
  c.struct_size = offsetof(erpb_http_request, repeat);
  http::Request out;
  out.repeat = http::Repeat::never;
  std::string problem;
  ASSERT_TRUE(to_http_request(&c, out, problem)) << problem;
  EXPECT_EQ(out.repeat, http::Repeat::by_method);
}

TEST(HostApi, UnusableRequestsAreRefusedWithAReason) {
  static const erpb_http_header injected[] = {{str("X-A"), str("1\r\nX-Evil: 2")}};
  static const erpb_http_header bad_name[] = {{str("X A"), str("1")}};
  static const erpb_http_header nul_in_name[] = {{str(std::string_view("X\0A", 3)), str("1")}};
  const std::pair<void (*)(erpb_http_request&), const char*> cases[] = {
      {[](erpb_http_request& r) { r.struct_size = 8; }, "struct_size 8 is smaller"},
      {[](erpb_http_request& r) { r.method = str(""); }, "method"},
      {[](erpb_http_request& r) { r.method = str("GET /x"); }, "method"},
      {[](erpb_http_request& r) { r.target = str(""); }, "target"},
      {[](erpb_http_request& r) { r.target = str("/a\r\nHost: evil"); }, "target"},
      {[](erpb_http_request& r) {
         r.body = erpb_str{nullptr, 4};
       },
       "body is NULL"},
      {[](erpb_http_request& r) { r.headers = nullptr; }, "headers are NULL"},
      {[](erpb_http_request& r) { r.headers = injected; }, "header 0"},
      {[](erpb_http_request& r) { r.headers = bad_name; }, "header 0"},
      {[](erpb_http_request& r) { r.headers = nul_in_name; }, "header 0"},
      {[](erpb_http_request& r) { r.repeat = 7; }, "repeat 7"},
  };
  for (const auto& [spoil, expected] : cases) {
    auto c = valid_request();
    spoil(c);
    http::Request out;
    std::string problem;
    EXPECT_FALSE(to_http_request(&c, out, problem)) << expected;
    EXPECT_THAT(problem, HasSubstr(expected));
  }
  http::Request out;
  std::string problem;
  EXPECT_FALSE(to_http_request(nullptr, out, problem));
  EXPECT_EQ(problem, "request is NULL");
}

TEST(HostApi, ResponseOwnsCopiesOfEverythingItShows) {
  http::Response response;
  response.transport = http::Transport::ok;
  response.status = 201;
  response.body = R"({"id": "7"})";
  response.headers = {{"Location", "/orders/7"}, {"X-Trace", "t"}};
  const erpb_http_response* c = to_c_response(response);
  response = http::Response{};  // the C view must not depend on the original

  EXPECT_EQ(c->struct_size, sizeof(erpb_http_response));
  EXPECT_EQ(c->transport, ERPB_TRANSPORT_OK);
  EXPECT_EQ(c->status, 201);
  EXPECT_EQ(view(c->body), R"({"id": "7"})");
  ASSERT_EQ(c->header_count, 2u);
  EXPECT_EQ(view(c->headers[0].name), "Location");
  EXPECT_EQ(view(c->headers[1].value), "t");
  EXPECT_EQ(c->error.size, 0u);
  host_api().http_release(nullptr, c);
}

TEST(HostApi, TransportFailuresKeepTheirKindAndDropTheStatus) {
  const std::pair<http::Transport, erpb_transport_status> kinds[] = {
      {http::Transport::not_sent, ERPB_TRANSPORT_NOT_SENT},
      {http::Transport::sent_no_response, ERPB_TRANSPORT_SENT_NO_RESPONSE},
      {http::Transport::bad_request, ERPB_TRANSPORT_BAD_REQUEST},
  };
  for (const auto& [host_kind, c_kind] : kinds) {
    http::Response response;
    response.transport = host_kind;
    response.status = 502;
    response.error = "connection refused";
    const erpb_http_response* c = to_c_response(response);
    EXPECT_EQ(c->transport, c_kind);
    EXPECT_EQ(c->status, 0);
    EXPECT_EQ(view(c->error), "connection refused");
    host_api().http_release(nullptr, c);
  }
}

TEST(HostApi, SendWithoutAnEndpointAnswersNotSent) {
  ConnectorInstance::HostContext context{"tenant-1", "rest", nullptr};
  const auto request = valid_request();
  const erpb_http_response* r = host_api().http_send(to_host_ctx(&context), &request);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->transport, ERPB_TRANSPORT_NOT_SENT);
  EXPECT_EQ(view(r->error), "no ERP connection is configured for this connector");
  host_api().http_release(to_host_ctx(&context), r);
}

TEST(HostApi, SendOfAnUnusableRequestAnswersBadRequest) {
  ConnectorInstance::HostContext context{"tenant-1", "rest", nullptr};
  const erpb_http_response* r = host_api().http_send(to_host_ctx(&context), nullptr);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->transport, ERPB_TRANSPORT_BAD_REQUEST);
  EXPECT_EQ(view(r->error), "request is NULL");
  host_api().http_release(to_host_ctx(&context), r);
}

TEST(HostApi, ReleasingNullIsHarmless) {
  host_api().http_release(nullptr, nullptr);
}

TEST(HostApi, LogLineNamesTenantAndPluginAndStaysOneLine) {
  ConnectorInstance::HostContext context{"tenant-1", "rest", nullptr};
  ::testing::internal::CaptureStderr();
  host_api().log(to_host_ctx(&context), ERPB_LOG_WARN, str("slow ERP\nFAKE second line"));
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(log, HasSubstr(" WARN tenant tenant-1 plugin rest: slow ERP FAKE second line\n"));
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1);
}

TEST(HostApi, HugeLogMessageIsCut) {
  ConnectorInstance::HostContext context{"tenant-1", "rest", nullptr};
  const std::string huge(100000, 'x');
  ::testing::internal::CaptureStderr();
  host_api().log(to_host_ctx(&context), ERPB_LOG_INFO, str(huge));
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_LT(log.size(), 5000u);
  EXPECT_THAT(log, HasSubstr("[truncated]"));
}

}  // namespace
}  // namespace erpbridge::plugin
