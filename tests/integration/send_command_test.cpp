// End to end: the erpbridge binary, the bundled REST plugin and the shipped example tenant
// configs (config/tenants/demo-*.yaml) against the real test ERP on loopback.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <sstream>
#include <vector>

#include "store/store.hpp"
#include "support/child_process.hpp"
#include "support/sample_erp.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr const char* kErpPassword = "erp-secret-Zq81";

class SendCommandTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { erp_ = new SampleErp("headers", "erpbridge", kErpPassword); }
  static void TearDownTestSuite() {
    delete erp_;
    erp_ = nullptr;
  }

  void SetUp() override {
    erp_->reset();
    fs::create_directories(dir_.path() / "tenants");
    for (const char* name : {"demo-json.yaml", "demo-xml.yaml"})
      fs::copy_file(fs::path(ERPBRIDGE_SOURCE_DIR) / "config/tenants" / name,
                    dir_.path() / "tenants" / name);
    host_file_ = dir_.write("erpbridge.yaml", "plugin_dir: " + std::string(ERPBRIDGE_PLUGIN_DIR) +
                                                  "\ntenants_dir: tenants\nstore:\n  path: " +
                                                  (dir_.path() / "store.db").string() + "\n");
  }

  std::map<std::string, std::string> env(int port) const {
    return {{"DEMO_ERP_PORT", std::to_string(port)},
            {"DEMO_ERP_PASSWORD", password_},
            {"P8F3A21_INBOUND_PASSWORD", "inbound-1"},
            {"PXML001_INBOUND_PASSWORD", "inbound-2"},
            {"P8F3A21_INBOUND_TOKEN", "inbound-token-1"},
            {"PXML001_INBOUND_TOKEN", "inbound-token-2"},
            // The demo tenant's sync back; `send` never uses it.
            {"DEMO_COMMERCEUP_PORT", "1"},
            {"P8F3A21_COMMERCEUP_API_KEY", "commerceup-key-1"},
            {"P8F3A21_ERP_PUSH_TOKEN", "erp-push-1"}};
  }

  // Writes a sample for `tenant` (its project_hash rewritten) and returns the file.
  fs::path event_file(const std::string& name, const std::string& tenant = "p8f3a21") {
    auto v = json::parse(sample(name));
    v.as_object()["project_hash"] = tenant;
    return dir_.write(tenant + "-" + name + ".json", json::serialize(v));
  }

  struct Sent {
    int exit_code;
    json::object result;
    std::string err;
  };

  Sent send(const std::string& name, const std::string& tenant = "p8f3a21") {
    return send_file(event_file(name, tenant), tenant);
  }

  Sent send_file(const fs::path& file, const std::string& tenant, int port = 0) {
    auto r = run_command({ERPBRIDGE_BINARY, "send", "--config", host_file_.string(), "--tenant",
                          tenant, file.string()},
                         env(port ? port : erp_->port()));
    Sent s{r.exit_code, {}, r.err};
    std::error_code ec;
    auto parsed = json::parse(r.out, ec);
    if (!ec && parsed.is_object()) s.result = parsed.as_object();
    return s;
  }

  // One `send` run with several files: its exit code and one parsed line per event delivered.
  struct SentRun {
    int exit_code;
    std::vector<json::object> results;
    std::string err;
  };
  SentRun send_files(const std::vector<fs::path>& files, const std::string& tenant = "p8f3a21") {
    std::vector<std::string> command{ERPBRIDGE_BINARY,    "send",     "--config",
                                     host_file_.string(), "--tenant", tenant};
    for (const auto& file : files) command.push_back(file.string());
    auto r = run_command(command, env(erp_->port()));
    SentRun run{r.exit_code, {}, r.err};
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      std::error_code ec;
      auto parsed = json::parse(line, ec);
      if (!ec && parsed.is_object()) run.results.push_back(parsed.as_object());
    }
    return run;
  }

  std::unique_ptr<store::Store> open_store() const {
    return store::open_store({dir_.path() / "store.db"});
  }

  static SampleErp* erp_;
  TempDir dir_;
  fs::path host_file_;
  std::string password_ = kErpPassword;
};

SampleErp* SendCommandTest::erp_ = nullptr;

std::string str(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

TEST_F(SendCommandTest, FourSampleEventsReachTheJsonErpWithMappedIds) {
  auto customer = send("customer.created");
  ASSERT_EQ(customer.exit_code, 0) << customer.err << json::serialize(customer.result);
  EXPECT_EQ(str(customer.result, "class"), "ok");
  const auto customer_erp = str(customer.result, "erp_id");
  ASSERT_FALSE(customer_erp.empty());

  auto order = send("order.created");
  ASSERT_EQ(order.exit_code, 0) << order.err << json::serialize(order.result);
  const auto order_erp = str(order.result, "erp_id");
  ASSERT_FALSE(order_erp.empty());

  auto cancel = send("order.cancelled");
  ASSERT_EQ(cancel.exit_code, 0) << cancel.err << json::serialize(cancel.result);
  EXPECT_TRUE(cancel.result.at("success").as_bool());

  auto ret = send("order.returned");
  ASSERT_EQ(ret.exit_code, 0) << ret.err << json::serialize(ret.result);
  EXPECT_TRUE(ret.result.at("success").as_bool());

  // The ERP saw our ids mapped to its own.
  auto order_req = erp_->requests_to("/createorder").at(0);
  EXPECT_EQ(order_req.at("json").at("order").at("customerId").as_string(), customer_erp);
  auto cancel_req = erp_->requests_to("/cancelorder").at(0);
  EXPECT_EQ(cancel_req.at("json").at("cancel").at("orderId").as_string(), order_erp);
  EXPECT_EQ(cancel_req.at("json").at("cancel").at("lines").at(0).at("lineId").as_string(),
            order_erp + "-2");
  auto return_req = erp_->requests_to("/returnorder").at(0);
  EXPECT_EQ(return_req.at("json").at("return").at("lines").at(0).at("lineId").as_string(),
            order_erp + "-1");

  auto store = open_store();
  auto* ids = &store->ids();
  EXPECT_EQ(ids->get("p8f3a21", store::EntityKind::customer, "cu_1001"), customer_erp);
  EXPECT_EQ(ids->get("p8f3a21", store::EntityKind::order, "ORD-5001"), order_erp);
  EXPECT_EQ(ids->get("p8f3a21", store::EntityKind::order_line, "ORD-5001/L1"), order_erp + "-1");
}

TEST_F(SendCommandTest, OverReturnIsInvalidNamingTheLineBeforeAnyErpCall) {
  ASSERT_EQ(send("customer.created").exit_code, 0);
  ASSERT_EQ(send("order.created").exit_code, 0);
  auto v = json::parse(sample("order.returned"));
  v.at("data").at("items").as_array()[0].as_object()["quantity"] = 3;
  auto over = send_file(dir_.write("over-return.json", json::serialize(v)), "p8f3a21");
  EXPECT_EQ(over.exit_code, 3) << over.err << json::serialize(over.result);
  EXPECT_EQ(str(over.result, "class"), "invalid");
  EXPECT_NE(str(over.result, "message").find("return of 3 on line L1"), std::string::npos)
      << json::serialize(over.result);
  EXPECT_TRUE(erp_->requests_to("/returnorder").empty());
  // The ledger is unchanged: the whole return of what is left still goes through.
  EXPECT_EQ(send("order.returned").exit_code, 0);
  EXPECT_EQ(open_store()->ledger().order("p8f3a21", "ORD-5001")->line("L1")->returned, 1);
}

TEST_F(SendCommandTest, RepeatedCancellationChangesNothingAndIsNotSentAgain) {
  ASSERT_EQ(send("customer.created").exit_code, 0);
  ASSERT_EQ(send("order.created").exit_code, 0);
  ASSERT_EQ(send("order.cancelled").exit_code, 0);
  auto again = send("order.cancelled");
  EXPECT_EQ(again.exit_code, 0) << again.err << json::serialize(again.result);
  EXPECT_NE(str(again.result, "message").find("applied already"), std::string::npos)
      << json::serialize(again.result);
  EXPECT_EQ(erp_->requests_to("/cancelorder").size(), 1u);
  EXPECT_EQ(open_store()->ledger().order("p8f3a21", "ORD-5001")->line("L2")->cancelled, 1);
}

TEST_F(SendCommandTest, FourSampleEventsReachTheXmlErpWithMappedIds) {
  const std::string tenant = "pxml001";
  auto customer = send("customer.created", tenant);
  ASSERT_EQ(customer.exit_code, 0) << customer.err << json::serialize(customer.result);
  const auto customer_erp = str(customer.result, "erp_id");
  auto order = send("order.created", tenant);
  ASSERT_EQ(order.exit_code, 0) << order.err << json::serialize(order.result);
  const auto order_erp = str(order.result, "erp_id");
  auto cancel = send("order.cancelled", tenant);
  ASSERT_EQ(cancel.exit_code, 0) << cancel.err << json::serialize(cancel.result);
  auto ret = send("order.returned", tenant);
  ASSERT_EQ(ret.exit_code, 0) << ret.err << json::serialize(ret.result);

  auto order_req = erp_->requests_to("/xml/createorder").at(0);
  EXPECT_NE(str(order_req, "body").find("<customerId>" + customer_erp + "</customerId>"),
            std::string::npos)
      << str(order_req, "body");
  auto cancel_req = erp_->requests_to("/xml/cancelorder").at(0);
  EXPECT_NE(str(cancel_req, "body").find("<orderId>" + order_erp + "</orderId>"),
            std::string::npos);
  EXPECT_NE(str(cancel_req, "body").find("<lineId>" + order_erp + "-2</lineId>"),
            std::string::npos);
  EXPECT_EQ(open_store()->ids().get(tenant, store::EntityKind::order, "ORD-5001"), order_erp);
}

TEST_F(SendCommandTest, OrderBeforeItsCustomerWaitsAndSendsNothing) {
  auto order = send("order.created");
  EXPECT_EQ(order.exit_code, 7);
  EXPECT_EQ(str(order.result, "class"), "waiting");
  EXPECT_TRUE(erp_->requests_to("/createorder").empty());
}

TEST_F(SendCommandTest, ServiceUnavailableWithRetryAfterIsRetryable) {
  erp_->fail_next({{"mode", "status"}, {"status", 503}, {"retry_after", "7"}});
  auto r = send("customer.created");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_EQ(str(r.result, "class"), "retryable");
  EXPECT_EQ(r.result.at("http_status").as_int64(), 503);
  EXPECT_EQ(r.result.at("retry_after_ms").as_int64(), 7000);
}

TEST_F(SendCommandTest, TooManyRequestsIsRetryable) {
  erp_->fail_next({{"mode", "status"}, {"status", 429}});
  EXPECT_EQ(str(send("customer.created").result, "class"), "retryable");
}

TEST_F(SendCommandTest, RequestTimeoutStatusIsRetryable) {
  erp_->fail_next({{"mode", "status"}, {"status", 408}});
  EXPECT_EQ(str(send("customer.created").result, "class"), "retryable");
}

TEST_F(SendCommandTest, UnreachableErpIsRetryable) {
  auto r = send_file(event_file("customer.created"), "p8f3a21", /*port=*/1);
  EXPECT_EQ(r.exit_code, 4) << json::serialize(r.result);
  EXPECT_EQ(str(r.result, "class"), "retryable");
}

TEST_F(SendCommandTest, ClientErrorFromErpIsPermanentWithExcerpt) {
  erp_->fail_next({{"mode", "status"},
                   {"status", 400},
                   {"body", "{\"status\":\"error\",\"message\":\"bad customer\"}"}});
  auto r = send("customer.created");
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(str(r.result, "class"), "permanent");
  EXPECT_EQ(r.result.at("http_status").as_int64(), 400);
  EXPECT_NE(str(r.result, "body_excerpt").find("bad customer"), std::string::npos);
}

TEST_F(SendCommandTest, SuccessStatusThatSaysFailureIsPermanent) {
  erp_->fail_next({{"mode", "status"},
                   {"status", 200},
                   {"body", "{\"status\":\"failure\",\"message\":\"duplicate email\"}"}});
  auto r = send("customer.created");
  EXPECT_EQ(r.exit_code, 5) << json::serialize(r.result);
  EXPECT_NE(str(r.result, "message").find("duplicate email"), std::string::npos);
}

TEST_F(SendCommandTest, WrongErpPasswordIsPermanentAndNeverPrinted) {
  password_ = "not-the-password";
  auto r = send("customer.created");
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.result.at("http_status").as_int64(), 401);
  EXPECT_EQ(json::serialize(r.result).find(password_), std::string::npos);
  EXPECT_EQ(r.err.find(password_), std::string::npos);
}

TEST_F(SendCommandTest, MalformedReplyLeavesTheOutcomeInDoubt) {
  erp_->fail_next({{"mode", "malformed"}});
  auto r = send("customer.created");
  EXPECT_EQ(r.exit_code, 6) << json::serialize(r.result);
  EXPECT_EQ(str(r.result, "class"), "in_doubt");
}

TEST_F(SendCommandTest, DroppedConnectionAfterSendingIsInDoubt) {
  erp_->fail_next({{"mode", "drop_after_processing"}});
  auto r = send("customer.created");
  EXPECT_EQ(r.exit_code, 6) << json::serialize(r.result);
  EXPECT_EQ(str(r.result, "class"), "in_doubt");
}

TEST_F(SendCommandTest, InvalidEventIsRejectedBeforeAnyErpCall) {
  auto v = json::parse(sample("customer.created"));
  v.as_object()["data"].as_object().erase("email");
  auto file = dir_.write("bad.json", json::serialize(v));
  auto r = send_file(file, "p8f3a21");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(str(r.result, "class"), "invalid");
  EXPECT_NE(str(r.result, "message").find("data.email"), std::string::npos);
  EXPECT_TRUE(erp_->requests_to("/createcustomer").empty());
}

TEST_F(SendCommandTest, EventOfAnotherTenantIsInvalid) {
  auto r = send_file(event_file("customer.created", "pxml001"), "p8f3a21");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(str(r.result, "message").find("does not match"), std::string::npos);
}

TEST_F(SendCommandTest, UnknownTenantIsAnErrorExit) {
  auto r = send_file(event_file("customer.created", "nobody"), "nobody");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no tenant 'nobody'"), std::string::npos);
}

TEST_F(SendCommandTest, SeveralFilesAreDeliveredInOrderInOneRunWithMappedIds) {
  const auto run = send_files({event_file("customer.created"), event_file("order.created"),
                               event_file("order.cancelled"), event_file("order.returned")});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(run.results.size(), 4u);
  EXPECT_EQ(str(run.results[0], "event_type"), "customer.created");
  EXPECT_EQ(str(run.results[1], "erp_id"), "SO000001");
  EXPECT_EQ(str(run.results[3], "event_type"), "order.returned");
  for (const auto& result : run.results) EXPECT_EQ(str(result, "class"), "ok");
  const auto state = erp_->state().as_object();
  EXPECT_EQ(state.at("orders").at("SO000001").at("customerId"), "C000001");
  EXPECT_EQ(state.at("cancellations").as_array().size(), 1u);
  EXPECT_EQ(state.at("returns").as_array().size(), 1u);
}

TEST_F(SendCommandTest, AnInvalidFileAnywhereInTheListSendsNothing) {
  auto v = json::parse(sample("order.created"));
  v.as_object()["data"].as_object().erase("currency");
  const auto run =
      send_files({event_file("customer.created"), dir_.write("bad.json", json::serialize(v))});

  EXPECT_EQ(run.exit_code, 3);
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_NE(str(run.results[0], "message").find("bad.json"), std::string::npos);
  EXPECT_TRUE(erp_->requests_to("/createcustomer").empty());
}

TEST_F(SendCommandTest, TheFirstEventThatIsNotOkEndsTheRunWithItsExitCode) {
  erp_->fail_next({{"path", "/createcustomer"}, {"status", 422}});

  const auto run = send_files({event_file("customer.created"), event_file("order.created")});

  EXPECT_EQ(run.exit_code, 5);
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_EQ(str(run.results[0], "class"), "permanent");
  EXPECT_TRUE(erp_->requests_to("/createorder").empty());
}

}  // namespace
}  // namespace erpbridge::testing
