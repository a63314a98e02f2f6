// Bad input gets a clear 4xx in the documented error shape, and the host keeps serving.
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <boost/json.hpp>

#include <fstream>

#include "serve_fixture.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;

class ServeErrorsTest : public ServeTest {
 protected:
  // Asserts the error shape and returns the error object.
  json::object error_of(const HttpReply& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    json::object body = r.json();
    EXPECT_TRUE(body.contains("error")) << r.body;
    if (!body.contains("error")) return {};
    json::object error = body.at("error").as_object();
    EXPECT_EQ(error.at("code").as_string(), code) << r.body;
    EXPECT_FALSE(error.at("message").as_string().empty());
    return error;
  }

  void expect_still_serving() {
    HttpReply ok = post_json("/createcustomer", data("customer.created", "-after"), bearer_auth());
    EXPECT_EQ(ok.status, 200) << ok.body;
  }
};

TEST_F(ServeErrorsTest, MalformedJsonIs400) {
  error_of(http("POST", "/createcustomer", "{\"customer_id\": ", bearer_auth()), 400,
           "malformed_body");
  error_of(http("POST", "/v1/events", "{not json", bearer_auth()), 400, "malformed_body");
  expect_still_serving();
}

TEST_F(ServeErrorsTest, MalformedXmlIs400InXml) {
  HttpReply r = post_xml("/createcustomer", "<customer><customer_id>x</customer>", bearer_auth());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<error><code>malformed_body</code>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("malformed XML at line 1"), std::string::npos) << r.body;
}

TEST_F(ServeErrorsTest, XmlWithADoctypeIsRefused) {
  HttpReply r = post_xml("/createcustomer",
                         "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY x SYSTEM "
                         "\"file:///etc/passwd\">]><customer><first_name>&x;</first_name>"
                         "</customer>",
                         bearer_auth());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("DOCTYPE"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("root:"), std::string::npos);
}

TEST_F(ServeErrorsTest, UnknownPathAndUnknownEventTypeAre404) {
  error_of(http("GET", "/nowhere", "", bearer_auth()), 404, "not_found");
  json::object e = envelope("customer.created");
  e["event_type"] = "order.shipped";
  json::object error =
      error_of(post_json("/v1/events", e, bearer_auth()), 404, "unknown_event_type");
  EXPECT_EQ(error.at("field"), "event_type");
}

TEST_F(ServeErrorsTest, WrongMethodIs405WithAllow) {
  HttpReply r = http("DELETE", "/v1/events", "", bearer_auth());
  error_of(r, 405, "method_not_allowed");
  EXPECT_EQ(r.header("allow"), "POST");
}

TEST_F(ServeErrorsTest, MissingFieldIs422NamingIt) {
  json::object d = data("customer.created");
  d.erase("email");
  json::object error =
      error_of(post_json("/createcustomer", d, bearer_auth()), 422, "invalid_field");
  EXPECT_EQ(error.at("field"), "data.email");

  json::object e = envelope("order.created");
  e["data"].as_object().erase("totals");
  EXPECT_EQ(error_of(post_json("/v1/events", e, bearer_auth()), 422, "invalid_field").at("field"),
            "data.totals");
}

TEST_F(ServeErrorsTest, MistypedFieldIs422WithItsPathInJsonAndXml) {
  json::object d = data("order.created");
  d["items"].as_array()[0].as_object()["quantity"] = "two";
  EXPECT_EQ(error_of(post_json("/createorder", d, bearer_auth()), 422, "invalid_field").at("field"),
            "data.items[0].quantity");

  HttpReply xml = post_xml("/createorder",
                           "<order><order_id>O1</order_id><customer><customer_id>c</customer_id>"
                           "</customer><placed_at>2026-11-20T10:31:10+05:30</placed_at>"
                           "<currency>INR</currency><items><item><line_id>L1</line_id><sku>S</sku>"
                           "<quantity>two</quantity><unit_price>1.00</unit_price>"
                           "<line_total>1.00</line_total></item></items>"
                           "<totals><grand_total>1.00</grand_total></totals></order>",
                           bearer_auth());
  EXPECT_EQ(xml.status, 422);
  EXPECT_NE(xml.body.find("<field>data.items[0].quantity</field>"), std::string::npos) << xml.body;
}

TEST_F(ServeErrorsTest, EventIdWithALineBreakIsRefusedAtTheDoorNamingTheField) {
  json::object e = envelope("customer.created", "-crlf");
  e["event_id"] = "evt-1\r\nX-Injected: yes";
  EXPECT_EQ(error_of(post_json("/v1/events", e, bearer_auth()), 422, "invalid_field").at("field"),
            "event_id");
  e["event_id"] = std::string(201, 'e');
  EXPECT_EQ(error_of(post_json("/v1/events", e, bearer_auth()), 422, "invalid_field").at("field"),
            "event_id");
  e = envelope("order.created", "-nul");
  e["data"].as_object()["order_id"] = std::string("ORD\0001", 5);
  EXPECT_EQ(error_of(post_json("/v1/events", e, bearer_auth()), 422, "invalid_field").at("field"),
            "data.order_id");
  EXPECT_TRUE(erp_->requests_to("/createorder").empty());
}

TEST_F(ServeErrorsTest, FacadeDocumentIdWithAControlCharacterOrTooLongNamesTheDocumentId) {
  json::object d = data("customer.created", "-lf");
  d["customer_id"] = "cu\n1";
  EXPECT_EQ(
      error_of(post_json("/createcustomer", d, bearer_auth()), 422, "invalid_field").at("field"),
      "data.customer_id");
  d = data("order.cancelled", "-long");
  d["cancellation_id"] = std::string(129, 'c');
  EXPECT_EQ(error_of(post_json("/cancelorder", d, bearer_auth()), 422, "invalid_field").at("field"),
            "data.cancellation_id");
  EXPECT_TRUE(erp_->requests_to("/createcustomer").empty());
}

TEST_F(ServeErrorsTest, EventsSentAsTextPlainOrWithoutAContentTypeAre415) {
  const std::string body = json::serialize(envelope("customer.created", "-plain"));
  error_of(
      http("POST", "/v1/events", body, bearer_auth() + HeaderList{{"Content-Type", "text/plain"}}),
      415, "unsupported_media_type");
  error_of(http("POST", "/v1/events", body, bearer_auth() + HeaderList{{"Content-Type", ""}}), 415,
           "unsupported_media_type");
  HttpReply typed =
      http("POST", "/v1/events", body,
           bearer_auth() + HeaderList{{"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(typed.status, 202) << typed.body;
}

TEST_F(ServeErrorsTest, OversizeBodyIs413AndTheHostKeepsServing) {
  json::object d = data("customer.created");
  d["notes"] = std::string(100 * 1024, 'x');  // max_body_bytes is 64 KiB
  error_of(post_json("/createcustomer", d, bearer_auth()), 413, "body_too_large");
  EXPECT_TRUE(erp_->requests_to("/createcustomer").empty());
  expect_still_serving();
}

TEST_F(ServeErrorsTest, NoCredentialsIs401WithAChallenge) {
  HttpReply r = post_json("/createcustomer", data("customer.created"), {});
  error_of(r, 401, "unauthorized");
  EXPECT_NE(r.header("www-authenticate").find("Basic"), std::string::npos);
  EXPECT_NE(r.header("www-authenticate").find("Bearer"), std::string::npos);
  EXPECT_TRUE(erp_->requests_to("/createcustomer").empty());
}

TEST_F(ServeErrorsTest, UnknownUserAndWrongPasswordGetTheSameAnswer) {
  HttpReply wrong_password = post_json("/createcustomer", data("customer.created"),
                                       basic_auth(creds::kBasicUser, "not-the-password"));
  HttpReply unknown_user = post_json("/createcustomer", data("customer.created"),
                                     basic_auth("nobody", creds::kBasicPassword));
  HttpReply wrong_headers = post_json("/createcustomer", data("customer.created"),
                                      header_auth(creds::kHeaderUser, "nope"));
  HttpReply wrong_token =
      post_json("/createcustomer", data("customer.created"), bearer_auth("not-a-token"));
  for (const HttpReply* r : {&wrong_password, &unknown_user, &wrong_headers, &wrong_token}) {
    error_of(*r, 401, "unauthorized");
    EXPECT_EQ(r->body, wrong_password.body);
    EXPECT_EQ(r->body.find(creds::kBasicPassword), std::string::npos);
  }
}

TEST_F(ServeErrorsTest, ATenantHeaderAloneProvesNothing) {
  error_of(post_json("/v1/events", envelope("customer.created"),
                     {{"X-Tenant", "p8f3a21"}, {"project_hash", "p8f3a21"}}),
           401, "unauthorized");
}

TEST_F(ServeErrorsTest, AnotherTenantsEventIs403) {
  // p8f3a21's credentials, pxml001's project_hash.
  json::object error =
      error_of(post_json("/v1/events", envelope("customer.created", "", "pxml001"), bearer_auth()),
               403, "forbidden");
  EXPECT_EQ(error.at("field"), "project_hash");
  EXPECT_TRUE(erp_->requests_to("/xml/createcustomer").empty());
}

TEST_F(ServeErrorsTest, AnotherTenantsEventIdIs404) {
  HttpReply mine = post_json("/v1/events", envelope("customer.created", "", "pxml001"),
                             bearer_auth(creds::kXmlBearer));
  ASSERT_EQ(mine.status, 202) << mine.body;
  const std::string url(mine.json().at("status_url").as_string());
  EXPECT_EQ(http("GET", url, "", bearer_auth(creds::kXmlBearer)).status, 200);
  error_of(http("GET", url, "", bearer_auth()), 404, "not_found");
  error_of(http("POST", "/v1/dead-letters/evt_01HZX3K7Q2C8M5/replay", "", bearer_auth()), 404,
           "not_found");
}

TEST_F(ServeErrorsTest, OperationsNeedTheAdminToken) {
  error_of(http("GET", "/metrics"), 401, "unauthorized");
  error_of(http("GET", "/v1/tenants", "", bearer_auth()), 401, "unauthorized");
  error_of(http("POST", "/v1/admin/reload", "", basic_auth()), 401, "unauthorized");
  EXPECT_EQ(http("GET", "/v1/plugins", "", admin_auth()).status, 200);
}

TEST_F(ServeErrorsTest, NoReplyOrListingEverShowsASecret) {
  std::string everything;
  for (const auto& [method, path, auth] :
       std::vector<std::tuple<std::string, std::string, HeaderList>>{
           {"GET", "/v1/tenants", admin_auth()},
           {"GET", "/v1/plugins", admin_auth()},
           {"GET", "/metrics", admin_auth()},
           {"GET", "/v1/dead-letters", bearer_auth()},
           {"POST", "/createcustomer", basic_auth(creds::kBasicUser, "guess")}})
    everything += http(method, path, "", auth).body;
  for (const char* secret :
       {creds::kBasicPassword, creds::kHeaderPassword, creds::kBearer, creds::kXmlBearer,
        creds::kAdminToken, creds::kErpPassword, creds::kWebhookOld, creds::kWebhookNew, "guess"})
    EXPECT_EQ(everything.find(secret), std::string::npos) << secret;
  EXPECT_NE(everything.find("p8f3a21"), std::string::npos);
}

TEST_F(ServeErrorsTest, NoLogLineEverShowsASecret) {
  post_json("/createcustomer", data("customer.created"), basic_auth(creds::kBasicUser, "guess"));
  post_json("/createcustomer", data("customer.created"), header_auth());
  erp_->fail_next({{"path", "/createcustomer"}, {"mode", "status"}, {"status", 401}});
  post_json("/createcustomer", data("customer.created", "-2"), bearer_auth());
  dir_.write("tenants/zz.yaml",
             "tenant: pzz\ninbound:\n  - type: bearer\n    token: "
             "zz-token-Yy1\nconnector: nope\n");
  http("POST", "/v1/admin/reload", "", admin_auth());
  stop_serve();
  const std::string log = read_text(serve_log());
  EXPECT_NE(log.find("listening on"), std::string::npos);
  EXPECT_NE(log.find("reload"), std::string::npos) << log;
  for (const char* secret :
       {creds::kBasicPassword, creds::kHeaderPassword, creds::kBearer, creds::kAdminToken,
        creds::kErpPassword, creds::kWebhookOld, creds::kWebhookNew, "guess", "zz-token-Yy1"})
    EXPECT_EQ(log.find(secret), std::string::npos) << secret;
}

// The codes of docs/http-api.yaml the Postman collection cannot provoke (it runs against one
// fixed demo config): each is sent by the server as documented.
TEST_F(ServeErrorsTest, ABrokenTenantFileOnReloadIs422ReloadFailed) {
  std::ofstream(tenants_dir() / "broken.yaml") << "tenant: pbroken\nconnector: rest\n";
  HttpReply r = http("POST", "/v1/admin/reload", "", admin_auth());
  EXPECT_NE(error_of(r, 422, "reload_failed").at("message").as_string().find("broken.yaml"),
            std::string::npos)
      << r.body;
  std::filesystem::remove(tenants_dir() / "broken.yaml");
  expect_still_serving();
}

TEST_F(ServeErrorsTest, AdminEndpointsWithoutAConfiguredTokenAre403AdminDisabled) {
  stop_serve();
  {
    std::string text = read_text(host_file());
    text.erase(text.find("admin:\n"), text.find("log_level:") - text.find("admin:\n"));
    std::ofstream(host_file(), std::ios::trunc) << text;
  }
  start_serve();
  error_of(http("GET", "/v1/tenants", "", admin_auth()), 403, "admin_disabled");
  error_of(http("GET", "/metrics", "", admin_auth()), 403, "admin_disabled");
}

TEST_F(ServeErrorsTest, APostWithoutContentLengthIs411LengthRequired) {
  Poco::Net::StreamSocket socket(
      Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port())));
  const std::string request =
      "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
      std::string(creds::kBearer) + "\r\nConnection: close\r\n\r\n";
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  std::string reply;
  char buffer[4096];
  for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) reply.append(buffer, n);
  EXPECT_EQ(reply.rfind("HTTP/1.1 411", 0), 0u) << reply;
  EXPECT_NE(reply.find("\"length_required\""), std::string::npos) << reply;
}

}  // namespace
}  // namespace erpbridge::testing
