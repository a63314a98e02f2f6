// End to end: the ERPNext example tenant (plugins/rest/examples/erpnext-tenant.yaml) with the
// erpbridge binary, the REST plugin and the ERPNext test peer (tests/peers/erpnext), through
// `erpbridge send` and through the facade of `erpbridge serve`. The cancel and the return
// need what only the order ledger knows (docs/ledger.md): a partial cancel sends the lines the
// Sales Order keeps, a return is a credit note with the order's customer and the lines' prices.
#include <gtest/gtest.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "support/child_process.hpp"
#include "support/peer_control.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr const char* kTenant = "perpnext";
constexpr const char* kInboundToken = "erpnext-inbound-Tk4";

class ErpnextTenantTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    peer_ = new ChildProcess({"/usr/bin/python3",
                              ERPBRIDGE_SOURCE_DIR "/tests/peers/erpnext/erpnext_peer.py", "--port",
                              "0", "--api-key", "erpb-key", "--api-secret", "erpb-secret"});
    port_ = std::stoi(peer_->wait_for_line("LISTENING "));
  }
  static void TearDownTestSuite() {
    delete peer_;
    peer_ = nullptr;
  }

  void SetUp() override {
    control("POST", "/_control/reset");
    fs::create_directories(dir_.path() / "tenants");
    fs::copy_file(fs::path(ERPBRIDGE_SOURCE_DIR) / "plugins/rest/examples/erpnext-tenant.yaml",
                  dir_.path() / "tenants/erpnext.yaml");
    host_file_ = dir_.write("erpbridge.yaml", "plugin_dir: " + std::string(ERPBRIDGE_PLUGIN_DIR) +
                                                  "\ntenants_dir: tenants\nstore:\n  path: " +
                                                  (dir_.path() / "store.db").string() +
                                                  "\nserver:\n  listen: 127.0.0.1:0\n");
    for (const auto& [name, value] : env()) setenv(name.c_str(), value.c_str(), 1);
  }

  static std::map<std::string, std::string> env() {
    return {{"ERPNEXT_PORT", std::to_string(port_)},
            {"ERPNEXT_API_KEY", "erpb-key"},
            {"ERPNEXT_API_SECRET", "erpb-secret"},
            {"PERPNEXT_INBOUND_TOKEN", kInboundToken}};
  }

  static json::value control(const std::string& method, const std::string& path) {
    return call_peer_control(port_, method, path).body;
  }
  static json::object documents(const std::string& doctype) {
    return control("GET", "/_control/state").at("documents").at(doctype).as_object();
  }
  // The requests the ERP received to `path` (decoded).
  static std::size_t requests_to(const std::string& path) {
    std::size_t n = 0;
    const json::value log = control("GET", "/_control/received");
    for (const auto& r : log.at("requests").as_array())
      if (r.at("path").as_string() == path) ++n;
    return n;
  }

  json::object sample_for_tenant(const std::string& name) const {
    auto v = json::parse(sample(name)).as_object();
    v["project_hash"] = kTenant;
    return v;
  }

  struct Sent {
    int exit_code;
    json::object result;
    std::string err;
  };

  Sent send(const json::object& envelope, const std::string& file_name) {
    auto file = dir_.write(file_name, json::serialize(envelope));
    auto r = run_command({ERPBRIDGE_BINARY, "send", "--config", host_file_.string(), "--tenant",
                          kTenant, file.string()},
                         env());
    Sent s{r.exit_code, {}, r.err};
    std::error_code ec;
    auto parsed = json::parse(r.out, ec);
    if (!ec && parsed.is_object()) s.result = parsed.as_object();
    return s;
  }
  Sent send(const std::string& name) { return send(sample_for_tenant(name), name + ".json"); }

  // The one Sales Order's rows, as item_code -> qty.
  static std::map<std::string, double> order_rows() {
    std::map<std::string, double> out;
    auto orders = documents("Sales Order");
    if (orders.size() != 1) return out;
    for (const auto& row : orders.begin()->value().at("items").as_array())
      out[std::string(row.at("item_code").as_string())] = row.at("qty").to_number<double>();
    return out;
  }

  // The credit note: a submitted return Sales Invoice for `customer` returning one T-shirt.
  static void expect_credit_note_for(const std::string& customer, const std::string& order) {
    auto invoices = documents("Sales Invoice");
    ASSERT_EQ(invoices.size(), 1u);
    const auto& note = invoices.begin()->value().as_object();
    EXPECT_EQ(note.at("is_return").to_number<int>(), 1);
    EXPECT_EQ(note.at("docstatus").to_number<int>(), 1);
    EXPECT_EQ(note.at("customer").as_string(), customer);
    const auto& items = note.at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].at("item_code").as_string(), "TSHIRT-BLU-M");
    EXPECT_EQ(items[0].at("qty").to_number<double>(), -1.0);
    EXPECT_EQ(items[0].at("rate").to_number<double>(), 499.0);
    EXPECT_EQ(items[0].at("sales_order").as_string(), order);
  }

  static ChildProcess* peer_;
  static int port_;
  TempDir dir_;
  fs::path host_file_;
};

ChildProcess* ErpnextTenantTest::peer_ = nullptr;
int ErpnextTenantTest::port_ = 0;

std::string str(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

TEST_F(ErpnextTenantTest, FourSampleEventsThroughSendIncludingAPartialCancelAndACreditNote) {
  auto customer = send("customer.created");
  ASSERT_EQ(customer.exit_code, 0) << customer.err << json::serialize(customer.result);
  EXPECT_EQ(str(customer.result, "erp_id"), "Asha Rao");  // ERPNext names customers by name

  auto order = send("order.created");
  ASSERT_EQ(order.exit_code, 0) << order.err << json::serialize(order.result);
  const std::string order_erp = str(order.result, "erp_id");
  ASSERT_EQ(order_erp.rfind("SAL-ORD-", 0), 0u) << order_erp;
  EXPECT_EQ(order_rows(), (std::map<std::string, double>{{"TSHIRT-BLU-M", 2}, {"MUG-CER-350", 1}}));

  // The sample cancels the mug (L2, all of it): the order keeps the T-shirts.
  auto cancel = send("order.cancelled");
  ASSERT_EQ(cancel.exit_code, 0) << cancel.err << json::serialize(cancel.result);
  EXPECT_EQ(order_rows(), (std::map<std::string, double>{{"TSHIRT-BLU-M", 2}}));
  EXPECT_EQ(documents("Sales Order").begin()->value().at("docstatus").to_number<int>(), 1);

  // The return needs the order's customer, which the event does not carry.
  auto ret = send("order.returned");
  ASSERT_EQ(ret.exit_code, 0) << ret.err << json::serialize(ret.result);
  EXPECT_EQ(str(ret.result, "erp_id").rfind("ACC-SINV-", 0), 0u) << json::serialize(ret.result);
  expect_credit_note_for("Asha Rao", order_erp);

  // Over-cancel: L1 has 1 left (2 ordered, 1 returned). Refused before any ERP call.
  const std::size_t calls = control("GET", "/_control/received").at("requests").as_array().size();
  auto over = sample_for_tenant("order.cancelled");
  over["event_id"] = "evt_over";
  over["data"].as_object()["cancellation_id"] = "CX-2";
  over["data"].as_object()["items"].as_array()[0].as_object()["line_id"] = "L1";
  over["data"].as_object()["items"].as_array()[0].as_object()["quantity"] = 2;
  auto refused = send(over, "over-cancel.json");
  EXPECT_EQ(refused.exit_code, 3) << json::serialize(refused.result);
  EXPECT_NE(str(refused.result, "message").find("line L1"), std::string::npos)
      << json::serialize(refused.result);
  EXPECT_EQ(control("GET", "/_control/received").at("requests").as_array().size(), calls);
}

TEST_F(ErpnextTenantTest, FullCancelEmptiesTheOrderAndCancelsTheSalesOrder) {
  ASSERT_EQ(send("customer.created").exit_code, 0);
  ASSERT_EQ(send("order.created").exit_code, 0);
  auto full = sample_for_tenant("order.cancelled");
  full["data"].as_object()["scope"] = "full";
  full["data"].as_object().erase("items");
  auto emptied = send(full, "full-cancel.json");
  ASSERT_EQ(emptied.exit_code, 0) << emptied.err << json::serialize(emptied.result);
  EXPECT_EQ(documents("Sales Order").begin()->value().at("docstatus").to_number<int>(), 2);
  EXPECT_EQ(requests_to("/api/method/frappe.client.cancel"), 1u);
  EXPECT_EQ(
      requests_to("/api/method/erpnext.controllers.accounts_controller.update_child_qty_rate"), 0u);
}

// One request to the serve listening on `address` (host:port), as the tenant.
std::pair<int, json::object> call(const std::string& address, const std::string& method,
                                  const std::string& path, const json::value* data = nullptr) {
  const auto colon = address.rfind(':');
  Poco::Net::HTTPClientSession session(
      address.substr(0, colon), static_cast<Poco::UInt16>(std::stoi(address.substr(colon + 1))));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.set("Authorization", std::string("Bearer ") + kInboundToken);
  const std::string body = data ? json::serialize(*data) : std::string();
  if (data) request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::ostringstream text;
  Poco::StreamCopier::copyStream(session.receiveResponse(response), text);
  std::error_code ec;
  auto parsed = json::parse(text.str(), ec);
  return {static_cast<int>(response.getStatus()),
          !ec && parsed.is_object() ? parsed.as_object() : json::object{}};
}

std::pair<int, json::object> facade(const std::string& address, const std::string& path,
                                    const json::value& data) {
  return call(address, "POST", path, &data);
}

TEST_F(ErpnextTenantTest, FourSampleEventsThroughTheFacadeIncludingAPartialCancelAndACreditNote) {
  ChildProcess serve({ERPBRIDGE_BINARY, "serve", "--config", host_file_.string()});
  const std::string line = serve.wait_for_line("listening on ");
  const std::string address = line.substr(0, line.find(' '));
  auto data = [&](const std::string& name) { return sample_for_tenant(name).at("data"); };

  auto [c_status, customer] = facade(address, "/createcustomer", data("customer.created"));
  ASSERT_EQ(c_status, 200) << json::serialize(customer);
  EXPECT_EQ(str(customer, "customerId"), "Asha Rao");
  auto [o_status, order] = facade(address, "/createorder", data("order.created"));
  ASSERT_EQ(o_status, 200) << json::serialize(order);
  const std::string order_erp = str(order, "orderId");

  auto [x_status, cancel] = facade(address, "/cancelorder", data("order.cancelled"));
  ASSERT_EQ(x_status, 200) << json::serialize(cancel);
  EXPECT_EQ(order_rows(), (std::map<std::string, double>{{"TSHIRT-BLU-M", 2}}));

  auto [r_status, ret] = facade(address, "/returnorder", data("order.returned"));
  ASSERT_EQ(r_status, 200) << json::serialize(ret);
  expect_credit_note_for("Asha Rao", order_erp);

  // Cancelling the mug again is more than is left: 422 from the door, nothing sent.
  auto again = data("order.cancelled").as_object();
  again["cancellation_id"] = "CX-9";
  const std::size_t calls = control("GET", "/_control/received").at("requests").as_array().size();
  auto [a_status, refused] = facade(address, "/cancelorder", again);
  EXPECT_EQ(a_status, 422) << json::serialize(refused);
  EXPECT_EQ(control("GET", "/_control/received").at("requests").as_array().size(), calls);
  serve.stop();
}

// The issue's duplicate: a lookup configured with the id where ERPNext does not put it
// (/data/name instead of /data/0/name). After a lost reply the order stays in doubt, is never
// sent again, ends as an "in doubt, unresolved" dead letter, and `dlq resolve` settles it.
TEST_F(ErpnextTenantTest, MisconfiguredLookupNeverMakesASecondSalesOrderAndResolveSettlesIt) {
  const fs::path tenant = dir_.path() / "tenants/erpnext.yaml";
  std::string text = read_text(tenant);
  text.replace(text.find("id: /data/0/name"), 16, "id: /data/name");
  text.replace(text.find("  max_attempts: 4"), 17,
               "  max_attempts: 4\n  backoff_initial_ms: 50\n  backoff_max_ms: 100");
  std::ofstream(tenant, std::ios::trunc) << text;
  ChildProcess serve({ERPBRIDGE_BINARY, "serve", "--config", host_file_.string()});
  const std::string line = serve.wait_for_line("listening on ");
  const std::string address = line.substr(0, line.find(' '));
  ASSERT_EQ(
      facade(address, "/createcustomer", sample_for_tenant("customer.created").at("data")).first,
      200);

  // ERPNext creates the Sales Order, and the reply is lost.
  call_peer_control(port_, "POST", "/_control/fail",
                    R"({"path": "/api/resource/Sales Order", "method": "POST",
                        "mode": "drop_after_processing"})");
  const json::value order = sample_for_tenant("order.created");
  ASSERT_EQ(call(address, "POST", "/v1/events", &order).first, 202);
  const std::string status_path = "/v1/events/" + std::string(order.at("event_id").as_string());
  json::object status;
  for (int i = 0; i < 200; ++i) {
    status = call(address, "GET", status_path).second;
    if (status.at("state") == "dead" || status.at("state") == "delivered") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(status.at("state"), "dead") << json::serialize(status);
  EXPECT_EQ(status.at("last_class"), "in_doubt");
  const std::string last_error(status.at("last_error").as_string());
  EXPECT_EQ(last_error.rfind("in doubt, unresolved: ", 0), 0u) << last_error;
  EXPECT_NE(last_error.find("no id at /data/name"), std::string::npos) << last_error;
  ASSERT_EQ(documents("Sales Order").size(), 1u) << "never a second Sales Order";
  const std::string name(documents("Sales Order").begin()->key());

  auto resolved =
      run_command({ERPBRIDGE_BINARY, "dlq", "resolve", "--config", host_file_.string(), "--tenant",
                   kTenant, std::string(order.at("event_id").as_string()), "--erp-id", name},
                  env());
  ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
  status = call(address, "GET", status_path).second;
  EXPECT_EQ(status.at("state"), "delivered");
  EXPECT_EQ(status.at("erp_id").as_string(), name);
  EXPECT_EQ(documents("Sales Order").size(), 1u);
  serve.stop();
}

}  // namespace
}  // namespace erpbridge::testing
