// A reply lost after the ERP applied the request, through `erpbridge send`, the rest adapter
// against the sample ERP and sap_xml against the SAP-like ERP, each behind
// tests/support/lost_reply_proxy.hpp. One event per run puts its one request on a new
// connection, and a lost reply there is in doubt whatever the tenant declares. The customer
// and its order in one run put the order on the connection the customer used: a reply lost
// there is in doubt too (the host does not repeat a POST by itself), unless the tenant
// declared the idempotency key the request carries, when the host repeats it at once and the
// ERP replays its first reply. `send` never looks up after in doubt; it reports it (exit 6).
// Either way the ERP has exactly one document.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <regex>
#include <sstream>
#include <vector>

#include "support/child_process.hpp"
#include "support/lost_reply_proxy.hpp"
#include "support/sample_erp.hpp"
#include "support/sap_erp.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;

const std::string kSapErpPeer =
    std::string(ERPBRIDGE_SOURCE_DIR) + "/tests/peers/sap_erp/sap_erp.py";
namespace fs = std::filesystem;

constexpr const char* kErpPassword = "erp-secret-Lr52";
constexpr int kExitInDoubt = 6;

class SendLostReplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() / "tenants");
    host_file_ = dir_.write("erpbridge.yaml", "plugin_dir: " + std::string(ERPBRIDGE_PLUGIN_DIR) +
                                                  "\ntenants_dir: tenants\nstore:\n  path: " +
                                                  (dir_.path() / "store.db").string() + "\n");
  }

  struct Sent {
    int exit_code;
    json::object result;
    std::string err;
  };

  Sent send(const std::string& sample_name, const std::string& tenant,
            const std::map<std::string, std::string>& env) {
    return send_in_one_run({sample_name}, tenant, env).back();
  }

  // The samples in one `send` run, in order: one result per event it delivered.
  std::vector<Sent> send_in_one_run(const std::vector<std::string>& sample_names,
                                    const std::string& tenant,
                                    const std::map<std::string, std::string>& env) {
    std::vector<std::string> command{ERPBRIDGE_BINARY,    "send",     "--config",
                                     host_file_.string(), "--tenant", tenant};
    for (const std::string& name : sample_names) {
      auto event = json::parse(sample(name));
      event.as_object()["project_hash"] = tenant;
      command.push_back(dir_.write(tenant + "-" + name + ".json", json::serialize(event)).string());
    }
    const RunResult r = run_command(command, env);
    std::vector<Sent> results;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      std::error_code ec;
      const json::value parsed = json::parse(line, ec);
      if (!ec && parsed.is_object()) results.push_back({r.exit_code, parsed.as_object(), r.err});
    }
    if (results.empty()) results.push_back({r.exit_code, {}, r.err + r.out});
    return results;
  }

  // A sap_xml tenant of the SAP-like ERP reached at ${env:SAP_ERP_PORT}; every post carries
  // Idempotency-Key and EDI_DC40/ARCKEY, and the ERP answers a repeated ARCKEY with its first
  // reply.
  void write_sap_tenant(bool declared_key) {
    dir_.write(
        "tenants/psap.yaml",
        "tenant: psaplost\ninbound:\n  - type: bearer\n    token: inbound-sap\n"
        "connector: sap_xml\nconnection:\n  base_url: http://127.0.0.1:${env:SAP_ERP_PORT}\n" +
            std::string(declared_key ? "  idempotency_key_header: Idempotency-Key\n" : "") +
            "settings:\n  envelope: plain\n  path: /sap/bc/srt/idoc\n  control:\n"
            "    mandt: 100\n    sndprn: COMMERCEUP\n    rcvprn: S4HCLNT100\n"
            // SAP determines the sold-to's sales area from the order (VG204 without it).
            "  sales_area: { sales_organization: '1000', distribution_channel: '10', "
            "division: '00' }\n");
  }

  TempDir dir_;
  fs::path host_file_;
};

// The demo tenant, its ERP reached at ${env:DEMO_ERP_PORT}; its requests carry the delivery's
// key in Idempotency-Key, which the sample ERP honours.
struct RestTenant {
  bool declared_key = true;  // connection.idempotency_key_header: Idempotency-Key
  bool lookups = true;       // the settings keep their `lookup:` sections
};

void write_rest_tenant(TempDir& dir, RestTenant tenant = {}) {
  std::string text = read_text(fs::path(ERPBRIDGE_SOURCE_DIR) / "config/tenants/demo-json.yaml");
  text = std::regex_replace(
      text, std::regex("  base_url: [^\n]*\n"),
      std::string("  base_url: http://127.0.0.1:${env:DEMO_ERP_PORT}\n") +
          (tenant.declared_key ? "  idempotency_key_header: Idempotency-Key\n" : ""),
      std::regex_constants::format_first_only);
  if (!tenant.lookups)
    text = std::regex_replace(text, std::regex("      lookup:\n(        [^\n]*\n)+"), "");
  dir.write("tenants/demo-json.yaml", text);
}

std::map<std::string, std::string> rest_env(int port) {
  return {{"DEMO_ERP_PORT", std::to_string(port)},
          {"DEMO_ERP_PASSWORD", kErpPassword},
          {"P8F3A21_INBOUND_PASSWORD", "inbound-1"},
          {"P8F3A21_INBOUND_TOKEN", "inbound-token-1"},
          {"DEMO_COMMERCEUP_PORT", "1"},
          {"P8F3A21_COMMERCEUP_API_KEY", "commerceup-key-1"},
          {"P8F3A21_ERP_PUSH_TOKEN", "erp-push-1"}};
}

TEST_F(SendLostReplyTest, RestOrderWhoseReplyIsLostIsInDoubtAndCreatedOnce) {
  SampleErp erp("headers", "erpbridge", kErpPassword);
  LostReplyProxy proxy(erp.port());
  write_rest_tenant(dir_);
  ASSERT_EQ(send("customer.created", "p8f3a21", rest_env(erp.port())).exit_code, 0);
  proxy.lose_reply("POST /createorder");

  const Sent order = send("order.created", "p8f3a21", rest_env(proxy.port()));

  EXPECT_EQ(order.exit_code, kExitInDoubt) << order.err << json::serialize(order.result);
  EXPECT_EQ(order.result.at("class"), "in_doubt");
  ASSERT_EQ(proxy.replies_lost(), 1);
  EXPECT_EQ(proxy.forwarded(), 1);
  EXPECT_EQ(erp.requests_to("/createorder").size(), 1u);
  EXPECT_EQ(erp.state().at("orders").as_object().size(), 1u);
}

TEST_F(SendLostReplyTest, SapOrderWhoseReplyIsLostIsInDoubtAndPostedOnce) {
  SapErp sap(kSapErpPeer);
  LostReplyProxy proxy(sap.port());
  write_sap_tenant(true);
  ASSERT_EQ(send("customer.created", "psaplost", {{"SAP_ERP_PORT", std::to_string(sap.port())}})
                .exit_code,
            0);
  proxy.lose_reply("<MESTYP>ORDERS</MESTYP>");

  const Sent order =
      send("order.created", "psaplost", {{"SAP_ERP_PORT", std::to_string(proxy.port())}});

  EXPECT_EQ(order.exit_code, kExitInDoubt) << order.err << json::serialize(order.result);
  ASSERT_EQ(proxy.replies_lost(), 1);
  EXPECT_EQ(proxy.forwarded(), 1);
  EXPECT_EQ(sap.orders(), 1u);
}

// The customer and its order in one run: the order goes on the connection the customer's
// request left in the pool, and its reply is lost there. Without a declared key the host does
// not repeat the POST, with or without a configured lookup.
TEST_F(SendLostReplyTest, RestOrderLostOnTheCustomersConnectionIsInDoubtAndCreatedOnce) {
  for (const bool lookups : {true, false}) {
    SCOPED_TRACE(lookups ? "with lookup" : "without lookup");
    SampleErp erp("headers", "erpbridge", kErpPassword);
    LostReplyProxy proxy(erp.port());
    write_rest_tenant(dir_, {.declared_key = false, .lookups = lookups});
    fs::remove(dir_.path() / "store.db");
    proxy.lose_reply_on_reused_connection("POST /createorder");

    const auto sent =
        send_in_one_run({"customer.created", "order.created"}, "p8f3a21", rest_env(proxy.port()));

    ASSERT_EQ(sent.size(), 2u) << sent.back().err;
    EXPECT_EQ(sent[0].result.at("class"), "ok");
    EXPECT_EQ(sent[1].exit_code, kExitInDoubt) << json::serialize(sent[1].result);
    EXPECT_EQ(sent[1].result.at("class"), "in_doubt");
    ASSERT_EQ(proxy.replies_lost(), 1);  // so the order did go on a reused connection
    EXPECT_EQ(proxy.forwarded(), 2);     // the customer and the order, never repeated
    EXPECT_EQ(erp.requests_to("/createorder").size(), 1u);
    EXPECT_EQ(erp.state().at("orders").as_object().size(), 1u);
  }
}

TEST_F(SendLostReplyTest, RestOrderLostOnAReusedConnectionWithTheDeclaredKeyIsRepeatedAtOnce) {
  SampleErp erp("headers", "erpbridge", kErpPassword);
  LostReplyProxy proxy(erp.port());
  write_rest_tenant(dir_, {.declared_key = true, .lookups = false});
  proxy.lose_reply_on_reused_connection("POST /createorder");

  const auto sent =
      send_in_one_run({"customer.created", "order.created"}, "p8f3a21", rest_env(proxy.port()));

  ASSERT_EQ(sent.size(), 2u) << sent.back().err;
  EXPECT_EQ(sent[1].exit_code, 0) << json::serialize(sent[1].result);
  EXPECT_EQ(sent[1].result.at("class"), "ok");
  ASSERT_EQ(proxy.replies_lost(), 1);
  EXPECT_EQ(erp.requests_to("/createorder").size(), 2u);       // the lost one and its repeat
  EXPECT_EQ(erp.state().at("orders").as_object().size(), 1u);  // replayed by its key
}

TEST_F(SendLostReplyTest, SapOrderLostOnTheCustomersConnectionIsInDoubtAndPostedOnce) {
  SapErp sap(kSapErpPeer);
  LostReplyProxy proxy(sap.port());
  write_sap_tenant(false);
  proxy.lose_reply_on_reused_connection("<MESTYP>ORDERS</MESTYP>");

  const auto sent = send_in_one_run({"customer.created", "order.created"}, "psaplost",
                                    {{"SAP_ERP_PORT", std::to_string(proxy.port())}});

  ASSERT_EQ(sent.size(), 2u) << sent.back().err;
  EXPECT_EQ(sent[0].result.at("class"), "ok");
  EXPECT_EQ(sent[1].exit_code, kExitInDoubt) << json::serialize(sent[1].result);
  ASSERT_EQ(proxy.replies_lost(), 1);
  EXPECT_EQ(proxy.forwarded(), 2);
  EXPECT_EQ(sap.orders(), 1u);
}

TEST_F(SendLostReplyTest, SapOrderLostOnAReusedConnectionWithTheDeclaredKeyIsRepeatedAtOnce) {
  SapErp sap(kSapErpPeer);
  LostReplyProxy proxy(sap.port());
  write_sap_tenant(true);
  proxy.lose_reply_on_reused_connection("<MESTYP>ORDERS</MESTYP>");

  const auto sent = send_in_one_run({"customer.created", "order.created"}, "psaplost",
                                    {{"SAP_ERP_PORT", std::to_string(proxy.port())}});

  ASSERT_EQ(sent.size(), 2u) << sent.back().err;
  EXPECT_EQ(sent[1].exit_code, 0) << json::serialize(sent[1].result);
  ASSERT_EQ(proxy.replies_lost(), 1);
  EXPECT_EQ(proxy.forwarded(), 3);  // the customer, the lost order and its repeat
  EXPECT_EQ(sap.orders(), 1u);      // SAP answered the repeated ARCKEY with its first reply
}

}  // namespace
}  // namespace erpbridge::testing
