// A reply lost after the ERP applied the request, through `erpbridge send`: one event per
// process, so its one request goes on a new connection, and a lost reply there is in doubt
// whatever the tenant declares (the host repeats only on a reused connection, and only when
// harmless). `send` never looks up after in doubt; it reports it (exit 6), and the ERP has
// exactly one document. The rest adapter against the sample ERP, sap_xml against the
// SAP-like ERP, each behind tests/support/lost_reply_proxy.hpp.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <regex>

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
    auto event = json::parse(sample(sample_name));
    event.as_object()["project_hash"] = tenant;
    const fs::path file = dir_.write(tenant + "-" + sample_name + ".json", json::serialize(event));
    const RunResult r = run_command({ERPBRIDGE_BINARY, "send", "--config", host_file_.string(),
                                     "--tenant", tenant, file.string()},
                                    env);
    Sent sent{r.exit_code, {}, r.err};
    std::error_code ec;
    const json::value parsed = json::parse(r.out, ec);
    if (!ec && parsed.is_object()) sent.result = parsed.as_object();
    return sent;
  }

  TempDir dir_;
  fs::path host_file_;
};

// The demo tenant, its ERP reached at ${env:DEMO_ERP_PORT}, declaring the key the sample ERP
// honours: even so, a lost reply on a new connection is not repeated.
void write_rest_tenant(TempDir& dir) {
  std::string text = read_text(fs::path(ERPBRIDGE_SOURCE_DIR) / "config/tenants/demo-json.yaml");
  text = std::regex_replace(text, std::regex("  base_url: [^\n]*\n"),
                            "  base_url: http://127.0.0.1:${env:DEMO_ERP_PORT}\n"
                            "  idempotency_key_header: Idempotency-Key\n",
                            std::regex_constants::format_first_only);
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
  dir_.write("tenants/psap.yaml",
             "tenant: psaplost\ninbound:\n  - type: bearer\n    token: inbound-sap\n"
             "connector: sap_xml\nconnection:\n  base_url: http://127.0.0.1:${env:SAP_ERP_PORT}\n"
             "  idempotency_key_header: Idempotency-Key\n"
             "settings:\n  envelope: plain\n  path: /sap/bc/srt/idoc\n  control:\n"
             "    mandt: 100\n    sndprn: COMMERCEUP\n    rcvprn: S4HCLNT100\n"
             // SAP determines the sold-to's sales area from the order (VG204 without it).
             "  sales_area: { sales_organization: '1000', distribution_channel: '10', "
             "division: '00' }\n");
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

}  // namespace
}  // namespace erpbridge::testing
