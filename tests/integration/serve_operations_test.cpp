// Operating the service: probes, metrics, tenants and plugins listings, dead letters over
// HTTP and with `erpbridge dlq`, draining on SIGTERM, and reloading on SIGHUP or over HTTP.
#include <signal.h>
#include <sys/wait.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <boost/json.hpp>

#include <limits>

#include "serve_fixture.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

using ServeOperationsTest = ServeTest;

// The ERP refuses the next customer for good: the event becomes a dead letter.
void refuse_next_customer(SampleErp& erp) {
  erp.fail_next({{"path", "/createcustomer"},
                 {"mode", "status"},
                 {"status", 422},
                 {"body", R"({"status":"error","message":"customer.email is blocked"})"}});
}

TEST_F(ServeOperationsTest, ProbesAreOpen) {
  HttpReply health = http("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json().at("status"), "ok");
  HttpReply ready = http("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json().at("status"), "ready");
}

TEST_F(ServeOperationsTest, KeptAliveConnectionsServeSeveralRequests) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port()));
  session.setKeepAlive(true);
  for (int i = 0; i < 3; ++i) {
    Poco::Net::HTTPRequest request("GET", "/healthz", Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& body = session.receiveResponse(response);
    body.ignore(std::numeric_limits<std::streamsize>::max());
    EXPECT_EQ(response.getStatus(), Poco::Net::HTTPResponse::HTTP_OK);
    EXPECT_TRUE(response.getKeepAlive());
    EXPECT_TRUE(session.connected()) << "request " << i;
  }
}

TEST_F(ServeOperationsTest, MetricsShowTheEventsThisTestCaused) {
  ASSERT_EQ(post_json("/createcustomer", data("customer.created"), bearer_auth()).status, 200);
  ASSERT_EQ(post_json("/createcustomer", data("customer.created"), bearer_auth()).status, 200);
  refuse_next_customer(*erp_);
  ASSERT_EQ(post_json("/createcustomer", data("customer.created", "-2"), bearer_auth()).status,
            422);

  HttpReply r = http("GET", "/metrics", "", admin_auth());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type").rfind("text/plain; version=0.0.4", 0), 0u);
  EXPECT_EQ(events_total(r.body, "p8f3a21", "customer.created", "accepted"), 2) << r.body;
  EXPECT_EQ(events_total(r.body, "p8f3a21", "customer.created", "duplicate"), 1);
  EXPECT_EQ(events_total(r.body, "p8f3a21", "customer.created", "delivered"), 1);
  EXPECT_EQ(events_total(r.body, "p8f3a21", "customer.created", "dead_lettered"), 1);
  EXPECT_NE(r.body.find("erpbridge_queue_depth{tenant=\"p8f3a21\",state=\"dead\"} 1"),
            std::string::npos)
      << r.body;
}

TEST_F(ServeOperationsTest, TenantsAndPluginsAreListedForTheAdmin) {
  json::object tenants = http("GET", "/v1/tenants", "", admin_auth()).json();
  std::vector<std::string> ids;
  for (const auto& t : tenants.at("tenants").as_array()) {
    ids.emplace_back(t.at("id").as_string());
    EXPECT_EQ(t.at("connector"), "rest");
    EXPECT_EQ(t.at("plugin").at("name"), "rest");
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"p8f3a21", "psigned1", "pxml001"}));

  json::object plugins = http("GET", "/v1/plugins", "", admin_auth()).json();
  bool rest = false;
  for (const auto& p : plugins.at("plugins").as_array()) rest = rest || p.at("name") == "rest";
  EXPECT_TRUE(rest) << json::serialize(plugins);
  EXPECT_TRUE(plugins.at("refused").is_array());
}

TEST_F(ServeOperationsTest, DeadLettersAreListedAndReplayedOverHttp) {
  refuse_next_customer(*erp_);
  HttpReply refused = post_json("/v1/events", envelope("customer.created"),
                                bearer_auth() + HeaderList{{"Prefer", "wait=10"}});
  ASSERT_EQ(refused.status, 200) << refused.body;
  ASSERT_EQ(refused.json().at("state"), "dead");
  EXPECT_NE(refused.json().at("last_error").as_string().find("blocked"), std::string::npos);

  json::array dead =
      http("GET", "/v1/dead-letters", "", basic_auth()).json().at("dead_letters").as_array();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].at("event_id"), "evt_01HZX3K7Q2C8M5");
  // Another tenant sees none of them.
  EXPECT_TRUE(http("GET", "/v1/dead-letters", "", bearer_auth(creds::kXmlBearer))
                  .json()
                  .at("dead_letters")
                  .as_array()
                  .empty());
  EXPECT_EQ(
      http("POST", "/v1/dead-letters/evt_01HZX3K7Q2C8M5/replay", "", bearer_auth(creds::kXmlBearer))
          .status,
      404);

  HttpReply replay = http("POST", "/v1/dead-letters/evt_01HZX3K7Q2C8M5/replay", "", bearer_auth());
  ASSERT_EQ(replay.status, 202) << replay.body;
  EXPECT_EQ(final_status("evt_01HZX3K7Q2C8M5", bearer_auth()).at("state"), "delivered");
  EXPECT_TRUE(http("GET", "/v1/dead-letters", "", bearer_auth())
                  .json()
                  .at("dead_letters")
                  .as_array()
                  .empty());
  EXPECT_EQ(http("POST", "/v1/dead-letters/evt_01HZX3K7Q2C8M5/replay", "", bearer_auth()).status,
            409);
  EXPECT_EQ(erp_customers_with("cu_1001"), 1);
}

TEST_F(ServeOperationsTest, DeadLettersAreListedAndReplayedWithTheCli) {
  refuse_next_customer(*erp_);
  ASSERT_EQ(post_json("/createcustomer", data("customer.created"), bearer_auth()).status, 422);
  const std::string id = "customer.created:cu_1001";

  RunResult list = run_cli({"dlq", "list", "--config", host_file().string(), "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  json::array rows = json::parse(list.out).as_array();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("event_id").as_string(), id);
  EXPECT_EQ(rows[0].at("tenant"), "p8f3a21");

  RunResult text =
      run_cli({"dlq", "list", "--config", host_file().string(), "--tenant", "p8f3a21"});
  EXPECT_NE(text.out.find(id), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("blocked"), std::string::npos);

  RunResult show = run_cli({"dlq", "show", "--config", host_file().string(), id, "--json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(json::parse(show.out).at("payload").at("data").at("customer_id"), "cu_1001");

  RunResult replay =
      run_cli({"dlq", "replay", "--config", host_file().string(), "--tenant", "p8f3a21", id});
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_NE(replay.out.find("replayed p8f3a21 " + id), std::string::npos);
  // The running service polls the store and delivers it; the facade now answers success.
  EXPECT_EQ(final_status("customer.created:cu_1001", bearer_auth()).at("state"), "delivered");
  EXPECT_EQ(post_json("/createcustomer", data("customer.created"), bearer_auth()).status, 200);

  RunResult again = run_cli({"dlq", "replay", "--config", host_file().string(), id});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(run_cli({"dlq", "replay", "--help"}).exit_code, 0);
  EXPECT_EQ(run_cli({"dlq", "list", "--help"}).exit_code, 0);
  EXPECT_EQ(run_cli({"dlq", "show", "--help"}).exit_code, 0);
  EXPECT_EQ(run_cli({"serve", "--help"}).exit_code, 0);
}

TEST_F(ServeOperationsTest, DeadLetterResolvedWithAnErpIdIsDeliveredAndItsOrderGoesAhead) {
  refuse_next_customer(*erp_);
  ASSERT_EQ(post_json("/createcustomer", data("customer.created"), bearer_auth()).status, 422);
  const std::string id = "customer.created:cu_1001";

  // A person found the customer in the ERP (say, created by an attempt whose reply was lost).
  RunResult resolve = run_cli({"dlq", "resolve", "--config", host_file().string(), "--tenant",
                               "p8f3a21", id, "--erp-id", "C-BY-HAND"});
  ASSERT_EQ(resolve.exit_code, 0) << resolve.err;
  EXPECT_NE(resolve.out.find("resolved p8f3a21 " + id), std::string::npos) << resolve.out;
  const auto status = final_status(id, bearer_auth());
  EXPECT_EQ(status.at("state"), "delivered");
  EXPECT_EQ(status.at("erp_id"), "C-BY-HAND");
  EXPECT_EQ(erp_->requests_to("/createcustomer").size(), 1u) << "nothing is sent on a resolve";

  // The customer's orders go ahead with that id.
  ASSERT_EQ(post_json("/v1/events", envelope("order.created"), bearer_auth()).status, 202);
  ASSERT_TRUE(eventually([&] { return !erp_->requests_to("/createorder").empty(); }));
  EXPECT_EQ(erp_->requests_to("/createorder").at(0).at("json").at("order").at("customerId"),
            "C-BY-HAND");

  EXPECT_EQ(
      run_cli({"dlq", "resolve", "--config", host_file().string(), id, "--erp-id", "X"}).exit_code,
      1)
      << "only a dead letter can be resolved";
  EXPECT_EQ(run_cli({"dlq", "resolve", "--help"}).exit_code, 0);
}

TEST_F(ServeOperationsTest, SigtermDrainsExitsZeroAndKeepsQueuedEvents) {
  // The ERP is down for this customer: the event stays queued, retrying.
  erp_->fail_next(
      {{"path", "/createcustomer"}, {"mode", "status"}, {"status", 503}, {"times", 1000}});
  ASSERT_EQ(post_json("/v1/events", envelope("customer.created"), bearer_auth()).status, 202);
  const int status = stop_serve();
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);

  erp_->reset();
  start_serve();
  EXPECT_EQ(final_status("evt_01HZX3K7Q2C8M5", bearer_auth()).at("state"), "delivered");
  EXPECT_EQ(erp_customers_with("cu_1001"), 1);
}

// Hot reload: a plugin and a tenant added while the service runs.
class ServeReloadTest : public ServeTest {
 protected:
  void SetUp() override {
    plugin_dir_ = plugins_.path();
    fs::copy_file(fs::path(ERPBRIDGE_PLUGIN_DIR) / "rest.so", plugins_.path() / "rest.so");
    ServeTest::SetUp();
  }

  void add_echo_tenant() {
    fs::copy_file(ERPBRIDGE_ECHO_PLUGIN, plugins_.path() / "echo.so");
    dir_.write("tenants/echo.yaml",
               "tenant: pecho01\ninbound:\n  - type: bearer\n    token: echo-token-Nn6\n"
               "connector: echo\nconnection:\n  base_url: http://127.0.0.1:9\n"
               "settings:\n  mode: echo\n");
  }

  // The new tenant's event, delivered by the echo plugin (its ERP id is the customer id).
  void expect_echo_tenant_serves() {
    HttpReply r = post_json("/v1/events", envelope("customer.created", "", "pecho01"),
                            bearer_auth("echo-token-Nn6") + HeaderList{{"Prefer", "wait=10"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("state"), "delivered");
    EXPECT_EQ(r.json().at("erp_id"), "cu_1001");
  }

  TempDir plugins_;
};

TEST_F(ServeReloadTest, SighupLoadsANewPluginAndTenantWithoutRestart) {
  EXPECT_EQ(post_json("/v1/events", envelope("customer.created", "", "pecho01"),
                      bearer_auth("echo-token-Nn6"))
                .status,
            401);
  add_echo_tenant();
  kill(serve_->pid(), SIGHUP);
  ASSERT_TRUE(eventually([&] {
    return http("GET", "/v1/tenants", "", admin_auth()).body.find("pecho01") != std::string::npos;
  }));
  expect_echo_tenant_serves();
  json::object plugins = http("GET", "/v1/plugins", "", admin_auth()).json();
  EXPECT_NE(json::serialize(plugins).find("\"echo\""), std::string::npos);
}

TEST_F(ServeReloadTest, AdminReloadLoadsANewTenant) {
  add_echo_tenant();
  HttpReply r = http("POST", "/v1/admin/reload", "", admin_auth());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "reloaded");
  expect_echo_tenant_serves();
}

TEST_F(ServeReloadTest, ABrokenTenantFileIsReportedAndTheOldConfigKeepsServing) {
  dir_.write("tenants/broken.yaml",
             "tenant: pbroken\ninbound:\n  - type: bearer\n    token: t-1\n"
             "conector: rest\n");
  HttpReply r = http("POST", "/v1/admin/reload", "", admin_auth());
  ASSERT_EQ(r.status, 422) << r.body;
  const std::string message(r.json().at("error").at("message").as_string());
  EXPECT_NE(message.find("broken.yaml:5"), std::string::npos) << message;

  kill(serve_->pid(), SIGHUP);  // the same through the signal: logged, old config kept
  HttpReply still = post_json("/createcustomer", data("customer.created"), bearer_auth());
  EXPECT_EQ(still.status, 200) << still.body;
  EXPECT_EQ(http("GET", "/v1/tenants", "", admin_auth()).body.find("pbroken"), std::string::npos);
}

}  // namespace
}  // namespace erpbridge::testing
