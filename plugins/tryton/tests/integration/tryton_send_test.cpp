// End to end against a real Tryton 6.0 (tests/peers/tryton): the erpbridge binary sends the
// four sample events through the tryton plugin (`erpbridge send`), and each outcome is read
// back through Tryton's own JSON-RPC. Skipped only when ERPBRIDGE_SKIP_TRYTON=1.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include "sample_events.hpp"
#include "store/store.hpp"
#include "support/child_process.hpp"
#include "tryton_peer.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr const char* kTenant = "p8f3a21";

class TrytonSendTest : public WithTrytonPeer<> {
 protected:
  void SetUp() override {
    if (tryton_tests_skipped()) GTEST_SKIP() << "ERPBRIDGE_SKIP_TRYTON=1";
    fs::create_directories(dir_.path() / "tenants");
    host_file_ = dir_.write("erpbridge.yaml", "plugin_dir: " + std::string(ERPBRIDGE_PLUGIN_DIR) +
                                                  "\ntenants_dir: tenants\nstore:\n  path: " +
                                                  (dir_.path() / "store.db").string() + "\n");
  }

  // A tenant file for the samples' store with these extra `settings:` lines.
  void write_tenant(const std::string& extra_settings, const std::string& password = "") {
    dir_.write("tenants/tryton.yaml",
               std::string("tenant: ") + kTenant +
                   "\ninbound:\n  - type: bearer\n    token: inbound-token-1\n"
                   "connector: tryton\nconnection:\n"
                   "  base_url: http://127.0.0.1:${env:TRYTON_PORT}\n"
                   "  read_timeout_ms: 60000\n"
                   "settings:\n  database: ${env:TRYTON_DATABASE}\n  login: admin\n"
                   "  password: " +
                   (password.empty() ? "${env:TRYTON_PASSWORD}" : password) + "\n" +
                   extra_settings);
  }

  std::map<std::string, std::string> env() const {
    const auto port = std::to_string(port_ ? port_ : peer_ ? peer_->port() : 1);
    return {{"TRYTON_PORT", port},
            {"TRYTON_URL", "http://127.0.0.1:" + port},
            {"TRYTON_DATABASE", peer_ ? peer_->database() : "erp"},
            {"TRYTON_PASSWORD", TrytonPeer::kPassword},
            {"P8F3A21_INBOUND_TOKEN", "inbound-token-2"}};
  }

  struct Sent {
    int exit_code;
    json::object result;
    std::string err;
    std::string out;
  };

  Sent send_value(const json::value& event, const std::string& name) {
    auto file = dir_.write(name + ".json", json::serialize(event));
    auto r = run_command({ERPBRIDGE_BINARY, "send", "--config", host_file_.string(), "--tenant",
                          kTenant, file.string()},
                         env());
    Sent s{r.exit_code, {}, r.err, r.out};
    std::error_code ec;
    auto parsed = json::parse(r.out, ec);
    if (!ec && parsed.is_object()) s.result = parsed.as_object();
    return s;
  }
  Sent send(const std::string& name) { return send_value(sample_.event(name), name); }

  // Sends `name` and expects it to succeed; returns the result.
  json::object deliver(const std::string& name) {
    auto r = send(name);
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.out << r.err;
    return r.result;
  }

  std::unique_ptr<store::Store> store() const {
    return store::open_store({dir_.path() / "store.db"});
  }

  static json::object sale(std::int64_t id) {
    return peer_->read(
        "sale.sale", id,
        {"state", "party", "reference", "description", "currency", "lines", "comment", "shipments",
         "invoices", "invoice_address", "shipment_address", "number"});
  }
  // The sale's lines as (product code, quantity, unit price), in sequence order.
  static std::vector<std::tuple<std::string, double, std::string>> lines(std::int64_t sale) {
    std::vector<std::tuple<std::string, double, std::string>> out;
    for (const auto& line : peer_->search_read("sale.line", {json::array{"sale", "=", sale}},
                                               {"product", "quantity", "unit_price", "sequence"})) {
      auto product = peer_->read("product.product", line.at("product").as_int64(), {"code"});
      out.emplace_back(std::string(product.at("code").as_string()),
                       line.at("quantity").to_number<double>(),
                       std::string(line.at("unit_price").at("decimal").as_string()));
    }
    return out;
  }

  static std::string str(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  }

  TempDir dir_;
  fs::path host_file_;
  SampleIds sample_ = next_sample_ids();
  int port_ = 0;  // when set, the port the tenant's base_url names instead of the peer's
};

using Line = std::tuple<std::string, double, std::string>;

TEST_F(TrytonSendTest, FourSampleEventsBecomeAPartyASaleACancellationAndAReturnSale) {
  write_tenant("  workflow: { quote: true, confirm: false }\n");

  // customer.created -> a party with its email, phone and address.
  auto customer = deliver("customer.created");
  const auto party = as_id(str(customer, "erp_id"));
  auto p = peer_->read("party.party", party, {"name", "code", "email", "phone", "addresses"});
  EXPECT_EQ(p.at("name"), "Asha Rao");
  EXPECT_EQ(str(p, "code"), sample_.customer());
  EXPECT_EQ(p.at("email"), "asha.rao@example.com");
  EXPECT_EQ(p.at("phone"), "+919800000001");
  ASSERT_EQ(p.at("addresses").as_array().size(), 1u);
  const auto address_id = as_id(p.at("addresses").as_array()[0]);
  auto address = peer_->read("party.address", address_id,
                             {"street", "postal_code", "city", "country", "subdivision"});
  EXPECT_EQ(address.at("street"), "12 MG Road\nFlat 4B");
  EXPECT_EQ(address.at("postal_code"), "411001");
  EXPECT_EQ(address.at("city"), "Pune");
  EXPECT_EQ(peer_->read("country.country", as_id(address.at("country")), {"code"}).at("code"),
            "IN");
  EXPECT_EQ(
      peer_->read("country.subdivision", as_id(address.at("subdivision")), {"code"}).at("code"),
      "IN-MH");

  // order.created -> a quoted sale for that party at the party's address, in INR.
  auto order = deliver("order.created");
  const auto sale_id = as_id(str(order, "erp_id"));
  auto s = sale(sale_id);
  EXPECT_EQ(as_id(s.at("party")), party);
  EXPECT_EQ(str(s, "reference"), sample_.order());
  EXPECT_EQ(s.at("state"), "quotation");
  EXPECT_EQ(as_id(s.at("invoice_address")), address_id);
  EXPECT_EQ(as_id(s.at("shipment_address")), address_id);
  EXPECT_EQ(peer_->read("currency.currency", as_id(s.at("currency")), {"code"}).at("code"), "INR");
  EXPECT_EQ(lines(sale_id),
            (std::vector<Line>{{"TSHIRT-BLU-M", 2, "474.00"}, {"MUG-CER-350", 1, "299.00"}}));
  // Our line ids map to the sale lines, and the id map has them.
  const auto& line_ids = s.at("lines").as_array();
  ASSERT_EQ(line_ids.size(), 2u);
  auto opened = store();
  store::IdMap& ids = opened->ids();
  EXPECT_EQ(ids.get(kTenant, store::EntityKind::order, sample_.order()), std::to_string(sale_id));
  const auto l1 = ids.get(kTenant, store::EntityKind::order_line, sample_.order() + "/L1");
  const auto l2 = ids.get(kTenant, store::EntityKind::order_line, sample_.order() + "/L2");
  ASSERT_TRUE(l1 && l2);
  auto line_of = [&](const std::string& erp) {
    return peer_->read("sale.line", as_id(erp), {"sale", "sequence"});
  };
  EXPECT_EQ(line_of(*l1).at("sequence"), 1);
  EXPECT_EQ(line_of(*l2).at("sequence"), 2);

  // order.cancelled (partial, L2) -> the mug line is gone, the sale is quoted again.
  auto cancel = deliver("order.cancelled");
  EXPECT_TRUE(cancel.at("success").as_bool());
  s = sale(sale_id);
  EXPECT_EQ(s.at("state"), "quotation");
  EXPECT_EQ(lines(sale_id), (std::vector<Line>{{"TSHIRT-BLU-M", 2, "474.00"}}));
  EXPECT_NE(str(s, "comment").find("[erpbridge] cancellation " + sample_.cancellation()),
            std::string::npos);

  // order.returned (L1 x 1) -> a return sale with a negative line, referring to the original.
  auto ret = deliver("order.returned");
  EXPECT_TRUE(ret.at("success").as_bool());
  const auto return_id = as_id(str(ret, "erp_id"));
  ASSERT_NE(return_id, sale_id);
  auto r = sale(return_id);
  EXPECT_EQ(as_id(r.at("party")), party);
  EXPECT_EQ(str(r, "reference"), sample_.order() + "/" + sample_.return_id());
  EXPECT_NE(str(r, "description").find("sale " + str(s, "number")), std::string::npos)
      << str(r, "description");
  EXPECT_EQ(r.at("state"), "quotation");
  EXPECT_EQ(lines(return_id), (std::vector<Line>{{"TSHIRT-BLU-M", -1, "474.00"}}));
  EXPECT_EQ(ids.get(kTenant, store::EntityKind::order_return, sample_.return_id()),
            std::to_string(return_id));
}

TEST_F(TrytonSendTest, ConfirmedSaleIsProcessingAndItsLinesCannotBeCancelled) {
  write_tenant("  workflow: { quote: true, confirm: true }\n");
  deliver("customer.created");
  const auto sale_id = as_id(str(deliver("order.created"), "erp_id"));
  auto s = sale(sale_id);
  EXPECT_EQ(s.at("state"), "processing");  // confirm ran `process`: invoice and shipment exist
  EXPECT_EQ(s.at("shipments").as_array().size(), 1u);
  EXPECT_EQ(s.at("invoices").as_array().size(), 1u);

  auto cancel = send("order.cancelled");
  EXPECT_EQ(cancel.exit_code, 5) << cancel.out;
  EXPECT_EQ(str(cancel.result, "class"), "permanent");
  EXPECT_NE(str(cancel.result, "message").find("is processing in Tryton"), std::string::npos)
      << str(cancel.result, "message");
  EXPECT_EQ(sale(sale_id).at("state"), "processing");
  EXPECT_EQ(lines(sale_id).size(), 2u);  // nothing changed
}

TEST_F(TrytonSendTest, FullCancellationOfAProcessingSaleIsRefusedUnlessVoidingIsAllowed) {
  write_tenant("  workflow: { quote: true, confirm: true }\n");
  deliver("customer.created");
  const auto sale_id = as_id(str(deliver("order.created"), "erp_id"));
  auto full = sample_.event("order.cancelled");
  full.at("data").as_object()["scope"] = "full";

  auto refused = send_value(full, "full-cancel");
  EXPECT_EQ(refused.exit_code, 5) << refused.out;
  EXPECT_EQ(sale(sale_id).at("state"), "processing");

  write_tenant("  workflow: { quote: true, confirm: true }\n  cancel_processing: void\n");
  auto voided = send_value(full, "full-cancel");
  ASSERT_EQ(voided.exit_code, 0) << voided.out << voided.err;
  auto s = sale(sale_id);
  EXPECT_EQ(s.at("state"), "done");  // Tryton 6.0 closes a voided sale as done
  for (const auto& shipment : s.at("shipments").as_array())
    EXPECT_EQ(peer_->read("stock.shipment.out", as_id(shipment), {"state"}).at("state"),
              "cancelled");
  for (const auto& invoice : s.at("invoices").as_array())
    EXPECT_EQ(peer_->read("account.invoice", as_id(invoice), {"state"}).at("state"), "cancelled");

  // Delivered again, it is recognised as done and changes nothing.
  auto again = send_value(full, "full-cancel");
  EXPECT_EQ(again.exit_code, 0) << again.out;
}

TEST_F(TrytonSendTest, FullCancellationOfAQuotationCancelsTheSale) {
  write_tenant("  workflow: { quote: true, confirm: false }\n");
  deliver("customer.created");
  const auto sale_id = as_id(str(deliver("order.created"), "erp_id"));
  auto full = sample_.event("order.cancelled");
  full.at("data").as_object()["scope"] = "full";
  full.at("data").as_object()["items"] = json::array{};
  auto r = send_value(full, "full-cancel");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(sale(sale_id).at("state"), "cancelled");
}

TEST_F(TrytonSendTest, RepeatedEventsFindWhatTheFirstDeliveryMade) {
  write_tenant("  workflow: { quote: true, confirm: true }\n");
  const auto party = str(deliver("customer.created"), "erp_id");
  EXPECT_EQ(str(deliver("customer.created"), "erp_id"), party);
  EXPECT_EQ(peer_->count("party.party", {json::array{"code", "=", sample_.customer()}}), 1);

  const auto sale_id = str(deliver("order.created"), "erp_id");
  EXPECT_EQ(str(deliver("order.created"), "erp_id"), sale_id);
  EXPECT_EQ(peer_->count("sale.sale", {json::array{"reference", "=", sample_.order()}}), 1);
}

TEST_F(TrytonSendTest, UnknownSkuIsPermanentAndNamesTheSku) {
  write_tenant("");
  deliver("customer.created");
  auto order = sample_.event("order.created");
  order.at("data").at("items").as_array()[1].as_object()["sku"] = "NO-SUCH-SKU";
  auto r = send_value(order, "order");
  EXPECT_EQ(r.exit_code, 5) << r.out;
  EXPECT_NE(str(r.result, "message").find("'NO-SUCH-SKU'"), std::string::npos) << r.out;
  EXPECT_EQ(peer_->count("sale.sale", {json::array{"reference", "=", sample_.order()}}), 0);
}

TEST_F(TrytonSendTest, UnknownCountryIsPermanentAndNamesTheCode) {
  write_tenant("");
  auto customer = sample_.event("customer.created");
  customer.at("data").at("addresses").as_array()[0].as_object()["country"] = "ZZ";
  auto r = send_value(customer, "customer");
  EXPECT_EQ(r.exit_code, 5) << r.out;
  EXPECT_NE(str(r.result, "message").find("country 'ZZ' is not in Tryton"), std::string::npos)
      << r.out;
  EXPECT_EQ(peer_->count("party.party", {json::array{"code", "=", sample_.customer()}}), 0);
}

TEST_F(TrytonSendTest, TrytonValidationErrorIsPermanentWithOnlyItsMessage) {
  // RAW-001 exists but is not salable; sent without the adapter's own check, Tryton would
  // answer with a domain error carrying kilobytes of detail.
  write_tenant("");
  deliver("customer.created");
  auto order = sample_.event("order.created");
  order.at("data").at("items").as_array()[0].as_object()["sku"] = "RAW-001";
  auto r = send_value(order, "order");
  EXPECT_EQ(r.exit_code, 5) << r.out;
  EXPECT_NE(str(r.result, "message").find("'RAW-001' is not salable"), std::string::npos) << r.out;
  EXPECT_LT(r.out.size(), 1500u);
}

TEST_F(TrytonSendTest, WrongPasswordIsAPermanentLoginFailureAndNeverPrinted) {
  const std::string wrong = "not-the-Password-9";
  write_tenant("", wrong);
  auto r = send("customer.created");
  EXPECT_EQ(r.exit_code, 5) << r.out;
  EXPECT_NE(str(r.result, "message").find("login failed"), std::string::npos) << r.out;
  EXPECT_EQ(r.result.at("http_status").as_int64(), 401);
  EXPECT_EQ(r.out.find(wrong), std::string::npos);
  EXPECT_EQ(r.err.find(wrong), std::string::npos);
}

// Tests that need no running Tryton: they skip starting one.
class TrytonOfflineTest : public TrytonSendTest {
 protected:
  static void SetUpTestSuite() {}
  static void TearDownTestSuite() {}
};

TEST_F(TrytonOfflineTest, UnreachableTrytonIsRetryable) {
  write_tenant("");
  port_ = 1;
  auto r = send("customer.created");
  EXPECT_EQ(r.exit_code, 4) << r.out;
  EXPECT_EQ(str(r.result, "class"), "retryable");
}

TEST_F(TrytonOfflineTest, BadSettingsAreReportedWithTheirLine) {
  write_tenant("  workflow: { quote: false, confirm: true }\n");
  auto r = run_command({ERPBRIDGE_BINARY, "check-config", "--config", host_file_.string()}, env());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("tryton.yaml:13: settings"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("workflow"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("confirm needs quote"), std::string::npos) << r.out;
}

TEST_F(TrytonSendTest, ExampleTenantFileWorksAsShipped) {
  fs::copy_file(fs::path(ERPBRIDGE_SOURCE_DIR) / "plugins/tryton/example-tenant.yaml",
                dir_.path() / "tenants" / "example.yaml");
  auto customer = send("customer.created");
  ASSERT_EQ(customer.exit_code, 0) << customer.out << customer.err;
  auto order = send("order.created");
  ASSERT_EQ(order.exit_code, 0) << order.out << order.err;
  EXPECT_EQ(sale(as_id(str(order.result, "erp_id"))).at("state"), "processing");
}

}  // namespace
}  // namespace erpbridge::testing
