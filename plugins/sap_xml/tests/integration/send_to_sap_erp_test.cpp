// End to end: the erpbridge binary loads sap_xml.so and sends the four sample events to the
// SAP-like test ERP (tests/peers/sap_erp), which validates every IDoc against the XSDs written
// from SAP's segment definitions, as plain IDoc XML, SOAP 1.1 and SOAP 1.2.
#include <gtest/gtest.h>
#include <erpbridge/xml.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <memory>

#include "store/store.hpp"
#include "support/child_process.hpp"
#include "support/peer_control.hpp"
#include "test_helpers.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::sap_xml {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using erpbridge::testing::ChildProcess;
using erpbridge::testing::run_command;
using erpbridge::testing::TempDir;

// The SAP-like test ERP as a child process, and its control API.
class SapErp {
 public:
  SapErp()
      : process_(std::make_unique<ChildProcess>(
            std::vector<std::string>{"/usr/bin/python3", SAP_ERP_PEER, "--port", "0"})),
        port_(std::stoi(process_->wait_for_line("LISTENING "))) {}
  int port() const { return port_; }
  void reset() const { control("POST", "/_control/reset", "{}"); }
  void fail_next(const json::object& plan) const {
    control("POST", "/_control/fail", json::serialize(plan));
  }
  json::value state() const { return control("GET", "/_control/state"); }
  // Bodies of the requests received, in order.
  std::vector<std::string> bodies() const {
    std::vector<std::string> out;
    const auto log = control("GET", "/_control/received");
    for (const auto& r : log.at("requests").as_array()) out.emplace_back(r.at("body").as_string());
    return out;
  }
  json::object last_headers() const {
    const auto log = control("GET", "/_control/received");
    return log.at("requests").as_array().back().at("headers").as_object();
  }
  // Headers of the `index`-th request received.
  json::object headers(std::size_t index) const {
    const auto log = control("GET", "/_control/received");
    return log.at("requests").as_array().at(index).at("headers").as_object();
  }

 private:
  json::value control(const std::string& method, const std::string& path,
                      const std::string& body = "") const {
    return erpbridge::testing::call_peer_control(port_, method, path, body).body;
  }
  std::unique_ptr<ChildProcess> process_;
  int port_;
};

std::string str(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string at(const std::string& xml, const std::string& xpath) {
  auto doc = sdk::XmlDocument::parse(xml);
  return doc ? doc->text_at(xpath).value_or("<none>") : "<not XML>";
}

class SendToSapErpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { erp_ = new SapErp(); }
  static void TearDownTestSuite() {
    delete erp_;
    erp_ = nullptr;
  }

  void SetUp() override {
    erp_->reset();
    host_file_ = dir_.write("erpbridge.yaml", "plugin_dir: " + std::string(ERPBRIDGE_PLUGIN_DIR) +
                                                  "\ntenants_dir: tenants\nstore:\n  path: " +
                                                  (dir_.path() / "store.db").string() + "\n");
  }

  // Writes the tenant file of `tenant`, whose ERP takes `envelope` documents.
  void write_tenant(const std::string& tenant, const std::string& envelope) {
    dir_.write("tenants/" + tenant + ".yaml",
               "tenant: " + tenant +
                   "\n"
                   "inbound:\n"
                   "  - type: bearer\n"
                   "    token: ${env:SAP_INBOUND_TOKEN_" +
                   tenant +
                   "}\n"
                   "connector: sap_xml\n"
                   "connection:\n"
                   "  base_url: http://127.0.0.1:${env:SAP_ERP_PORT}\n"
                   "  read_timeout_ms: 5000\n"
                   "settings:\n"
                   "  envelope: " +
                   envelope +
                   "\n"
                   "  soap_action: urn:sap-com:document:sap:idoc:soap:messages\n"
                   "  path: /sap/bc/srt/idoc\n"
                   "  control:\n"
                   "    mandt: 100\n"
                   "    sndprn: COMMERCEUP\n"
                   "    rcvprn: S4HCLNT100\n" +
                   kDocumentSettings);
  }

  // What the tenant sends beyond the event, also used for the documents posted directly.
  static constexpr const char* kDocumentSettings =
      "  language: EN\n"
      "  messages:\n"
      "    customer.created: { idoctyp: DEBMAS07 }\n"
      "  sales_area: { sales_organization: '1000', distribution_channel: '10', division: '00' }\n"
      "  company_code: { code: '1000', reconciliation_account: '140000' }\n"
      "  xsd:\n"
      "    DEBMAS: " SAP_ERP_XSD_DIR
      "/DEBMAS07.xsd\n"
      "    ORDERS: " SAP_ERP_XSD_DIR
      "/ORDERS05.xsd\n"
      "    ORDCHG: " SAP_ERP_XSD_DIR "/ORDCHG.xsd\n";

  struct Sent {
    int exit_code;
    json::object result;
    std::string err;
  };

  Sent send(const std::string& name, const std::string& tenant) {
    auto v = json::parse(erpbridge::testing::sample(name));
    v.as_object()["project_hash"] = tenant;
    auto file = dir_.write(tenant + "-" + name + ".json", json::serialize(v));
    auto r = run_command({ERPBRIDGE_BINARY, "send", "--config", host_file_.string(), "--tenant",
                          tenant, file.string()},
                         {{"SAP_ERP_PORT", std::to_string(erp_->port())},
                          {"SAP_INBOUND_TOKEN_" + tenant, "inbound-" + tenant}});
    Sent s{r.exit_code, {}, r.err};
    std::error_code ec;
    auto parsed = json::parse(r.out, ec);
    if (!ec && parsed.is_object()) s.result = parsed.as_object();
    return s;
  }

  // Sends the four samples through `envelope` and checks what reached the ERP and the id map.
  void four_events_reach_the_erp(const std::string& tenant, const std::string& envelope) {
    write_tenant(tenant, envelope);
    auto customer = send("customer.created", tenant);
    ASSERT_EQ(customer.exit_code, 0) << customer.err << json::serialize(customer.result);
    EXPECT_EQ(str(customer.result, "erp_id"), "0000100001");

    auto order = send("order.created", tenant);
    ASSERT_EQ(order.exit_code, 0) << order.err << json::serialize(order.result);
    EXPECT_EQ(str(order.result, "erp_id"), "4500000001");

    // The order ledger gives the cancel the lines' quantities (L2 goes from 1 to 0: ACTION
    // 003) and the return the order's sold-to party.
    auto cancel = send("order.cancelled", tenant);
    EXPECT_EQ(cancel.exit_code, 0) << cancel.err << json::serialize(cancel.result);
    auto ret = send("order.returned", tenant);
    ASSERT_EQ(ret.exit_code, 0) << ret.err << json::serialize(ret.result);
    EXPECT_EQ(str(ret.result, "erp_id"), "6000000001");

    // What the ERP received refers to its own numbers.
    const auto bodies = erp_->bodies();
    ASSERT_EQ(bodies.size(), 4u);
    EXPECT_EQ(at(bodies[0], "//E1KNA1M/E1KNVVM/VKORG"), "1000");
    EXPECT_EQ(at(bodies[1], "//E1EDKA1[PARVW='AG']/PARTN"), "0000100001");
    EXPECT_EQ(at(bodies[1], "//E1EDK14[QUALF='012']/ORGID"), "OR");
    EXPECT_EQ(at(bodies[2], "//EDI_DC40/MESTYP"), "ORDCHG");
    EXPECT_EQ(at(bodies[2], "//E1EDK02[QUALF='002']/BELNR"), "4500000001");
    EXPECT_EQ(at(bodies[2], "//E1EDP01[ACTION='003']/POSEX"), "000020");
    EXPECT_EQ(at(bodies[3], "//E1EDK14[QUALF='012']/ORGID"), "RE");
    EXPECT_EQ(at(bodies[3], "//E1EDP02[QUALF='002']/BELNR"), "4500000001");
    EXPECT_EQ(at(bodies[3], "//E1EDP02/ZEILE"), "000010");
    const auto state = erp_->state();
    EXPECT_EQ(state.at("orders").at("4500000001").at("cancelled_items").at(0).as_string(),
              "000020");
    EXPECT_EQ(state.at("orders").at("4500000001").at("order_type").as_string(), "OR");
    EXPECT_EQ(state.at("returns").at("6000000001").at("order_type").as_string(), "RE");
    EXPECT_EQ(state.at("returns").at("6000000001").at("sold_to").as_string(), "0000100001");
    EXPECT_EQ(state.at("customers").at("0000100001").at("email").as_string(),
              "asha.rao@example.com");

    auto store = store::open_store({dir_.path() / "store.db"});
    store::IdMap& ids = store->ids();
    using store::EntityKind;
    EXPECT_EQ(ids.get(tenant, EntityKind::customer, "cu_1001"), "0000100001");
    EXPECT_EQ(ids.get(tenant, EntityKind::order, "ORD-5001"), "4500000001");
    EXPECT_EQ(ids.get(tenant, EntityKind::order_line, "ORD-5001/L1"), "000010");
    EXPECT_EQ(ids.get(tenant, EntityKind::order_line, "ORD-5001/L2"), "000020");
    auto ledger = store->ledger().order(tenant, "ORD-5001");
    ASSERT_TRUE(ledger);
    EXPECT_EQ(ledger->customer_erp_id, "0000100001");
    EXPECT_EQ(ledger->line("L2")->cancelled, 1);
    EXPECT_EQ(ledger->line("L1")->returned, 1);
    EXPECT_EQ(ledger->state, store::OrderState::open);
  }

  static SapErp* erp_;
  TempDir dir_;
  fs::path host_file_;
};

SapErp* SendToSapErpTest::erp_ = nullptr;

TEST_F(SendToSapErpTest, FourSampleEventsReachTheErpAsPlainIdocXml) {
  four_events_reach_the_erp("psapplain", "plain");
  EXPECT_EQ(str(erp_->headers(1), "content-type"), "application/xml; charset=utf-8");
}

TEST_F(SendToSapErpTest, FourSampleEventsReachTheErpInSoap11) {
  four_events_reach_the_erp("psap11", "soap11");
  const auto headers = erp_->headers(1);  // the order, sent by the connector
  EXPECT_EQ(str(headers, "content-type"), "text/xml; charset=utf-8");
  EXPECT_EQ(str(headers, "soapaction"), "\"urn:sap-com:document:sap:idoc:soap:messages\"");
}

TEST_F(SendToSapErpTest, FourSampleEventsReachTheErpInSoap12) {
  four_events_reach_the_erp("psap12", "soap12");
  EXPECT_EQ(str(erp_->headers(1), "content-type"),
            "application/soap+xml; charset=utf-8; "
            "action=\"urn:sap-com:document:sap:idoc:soap:messages\"");
}

TEST_F(SendToSapErpTest, ReceiverFaultIsRetryable) {
  write_tenant("psap12", "soap12");
  erp_->fail_next({{"mode", "soap_fault"}, {"code", "Receiver"}, {"reason", "system busy"}});
  auto r = send("customer.created", "psap12");
  EXPECT_EQ(r.exit_code, 4) << json::serialize(r.result);
  EXPECT_EQ(str(r.result, "class"), "retryable");
  EXPECT_NE(str(r.result, "message").find("system busy"), std::string::npos);
}

TEST_F(SendToSapErpTest, ClientFaultIsPermanent) {
  write_tenant("psap11", "soap11");
  erp_->fail_next({{"mode", "soap_fault"}, {"code", "Client"}, {"reason", "bad document"}});
  auto r = send("customer.created", "psap11");
  EXPECT_EQ(r.exit_code, 5) << json::serialize(r.result);
  EXPECT_EQ(str(r.result, "class"), "permanent");
}

TEST_F(SendToSapErpTest, ErrorStatusRecordIsPermanentWithItsMessage) {
  write_tenant("psapplain", "plain");
  erp_->fail_next({{"mode", "error_status"}, {"message", "customer is blocked"}});
  auto r = send("customer.created", "psapplain");
  EXPECT_EQ(r.exit_code, 5) << json::serialize(r.result);
  EXPECT_NE(str(r.result, "message").find("customer is blocked"), std::string::npos);
}

TEST_F(SendToSapErpTest, ServiceUnavailableIsRetryableWithRetryAfter) {
  write_tenant("psapplain", "plain");
  erp_->fail_next({{"mode", "status"}, {"status", 503}, {"retry_after", 3}});
  auto r = send("customer.created", "psapplain");
  EXPECT_EQ(r.exit_code, 4) << json::serialize(r.result);
  EXPECT_EQ(r.result.at("retry_after_ms").as_int64(), 3000);
}

TEST_F(SendToSapErpTest, UnreadableSuccessIsInDoubt) {
  write_tenant("psapplain", "plain");
  erp_->fail_next({{"mode", "malformed"}});
  auto r = send("customer.created", "psapplain");
  EXPECT_EQ(r.exit_code, 6) << json::serialize(r.result);
  EXPECT_EQ(str(r.result, "class"), "in_doubt");
}

TEST_F(SendToSapErpTest, DroppedConnectionAfterPostingIsInDoubt) {
  write_tenant("psap11", "soap11");
  erp_->fail_next({{"mode", "drop_after_processing"}});
  auto r = send("customer.created", "psap11");
  EXPECT_EQ(r.exit_code, 6) << json::serialize(r.result);
  EXPECT_EQ(str(r.result, "class"), "in_doubt");
}

TEST_F(SendToSapErpTest, PeerRefusesAnOrderForAnUnknownSoldTo) {
  // The ERP is reset after the customer was created: its number is unknown there now.
  write_tenant("psapplain", "plain");
  ASSERT_EQ(send("customer.created", "psapplain").exit_code, 0);
  erp_->reset();
  auto r = send("order.created", "psapplain");
  EXPECT_EQ(r.exit_code, 5) << json::serialize(r.result);
  EXPECT_NE(str(r.result, "message").find("Sold-to party 0000100001 does not exist"),
            std::string::npos)
      << json::serialize(r.result);
}

}  // namespace
}  // namespace erpbridge::sap_xml
