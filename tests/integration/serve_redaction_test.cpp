// An ERP that quotes the request it refuses, credentials and all (the test ERP's echo_headers
// mode), must not make erpbridge show a secret anywhere: not in the facade's reply, the event
// status, the dead letters over HTTP or `erpbridge dlq`, /metrics, or the log at debug level.
#include <boost/json.hpp>

#include <fstream>
#include <regex>

#include "serve_fixture.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr const char* kErpApiKey = "erp-api-key-Jf5-from-connection-headers";
// base64("erpbridge:" + creds::kErpPassword), what Basic auth puts on the wire.
constexpr const char* kBasicOnTheWire = "ZXJwYnJpZGdlOmVycC1zZWNyZXQtV3E4";

class RedactionTest : public ServeTest {
 protected:
  void SetUp() override {
    extra_environment_ = {{"P8F3A21_ERP_API_KEY", kErpApiKey}};
    ServeTest::SetUp();
    stop_serve();
    // Basic auth to the ERP plus an API key in connection.headers, and a debug log: every
    // form of secret the ERP can echo, and every log line that could carry it.
    const fs::path tenant = tenants_dir() / "demo-json.yaml";
    std::string text = read_text(tenant);
    text =
        std::regex_replace(text, std::regex("    type: username_password\n"), "    type: basic\n");
    text = std::regex_replace(text, std::regex("\nconnection:\n"),
                              "\nconnection:\n  headers:\n    X-Erp-Api-Key: "
                              "${env:P8F3A21_ERP_API_KEY}\n");
    write_file(tenant, text);
    write_file(host_file(), std::regex_replace(read_text(host_file()),
                                               std::regex("log_level: info"), "log_level: debug"));
    start_serve();
  }

  static void write_file(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::trunc) << text;
  }

  // Fails when any form of a tenant secret is in `text`.
  static void expect_no_secret(const std::string& where, const std::string& text) {
    for (const std::string& secret :
         {std::string(creds::kErpPassword), std::string(kErpApiKey), std::string(kBasicOnTheWire),
          std::string(creds::kHeaderPassword)})
      EXPECT_EQ(text.find(secret), std::string::npos) << where << " shows a secret: " << text;
  }
};

TEST_F(RedactionTest, AnErpEchoingOurCredentialsLeaksThemNowhere) {
  erp_->fail_next({{"path", "/createcustomer"}, {"mode", "echo_headers"}, {"status", 422}});
  const json::object customer = data("customer.created", "-echo");
  const std::string event_id =
      "customer.created:" + std::string(customer.at("customer_id").as_string());

  HttpReply reply = post_json("/createcustomer", customer, header_auth());
  EXPECT_EQ(reply.status, 422) << reply.body;
  // The ERP did echo: what it said is there, its secrets are not.
  EXPECT_NE(reply.body.find("rejected request with headers"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("[redacted]"), std::string::npos) << reply.body;
  expect_no_secret("the facade reply", reply.body);
  ASSERT_EQ(erp_->requests_to("/createcustomer").size(), 1u);

  HttpReply status = http("GET", "/v1/events/" + event_id, "", header_auth());
  EXPECT_EQ(status.status, 200) << status.body;
  EXPECT_NE(status.body.find("[redacted]"), std::string::npos) << status.body;
  expect_no_secret("GET /v1/events/{id}", status.body);

  HttpReply dead = http("GET", "/v1/dead-letters", "", header_auth());
  EXPECT_NE(dead.body.find(event_id), std::string::npos) << dead.body;
  expect_no_secret("GET /v1/dead-letters", dead.body);

  RunResult list = run_cli({"dlq", "list", "--config", host_file().string(), "--json"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find(event_id), std::string::npos) << list.out;
  expect_no_secret("erpbridge dlq list", list.out + list.err);
  RunResult show = run_cli({"dlq", "show", "--config", host_file().string(), event_id, "--json"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("[redacted]"), std::string::npos) << show.out;
  expect_no_secret("erpbridge dlq show", show.out + show.err);

  expect_no_secret("/metrics", http("GET", "/metrics", "", admin_auth()).body);
  stop_serve();
  const std::string log = read_text(serve_log());
  // The delivery's outcome line quotes the ERP's message.
  EXPECT_NE(log.find("event=" + event_id), std::string::npos) << log;
  expect_no_secret("the log", log);
}

}  // namespace
}  // namespace erpbridge::testing
