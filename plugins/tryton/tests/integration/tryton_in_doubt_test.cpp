// An order whose reply is lost on the way back from Tryton (tests/support/lost_reply_proxy.hpp
// loses it after Tryton has answered): the delivery is in doubt, and the adapter's lookup finds the
// sale by our reference, so the order never becomes a second sale. In process: the plugin is loaded
// by the host's PluginRegistry and driven through pipeline::EventDispatcher, as the service does.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>

#include "config/tenant_config.hpp"
#include "events/event.hpp"
#include "pipeline/event_dispatcher.hpp"
#include "pipeline/tenant_connectors.hpp"
#include "plugin/plugin_registry.hpp"
#include "sample_events.hpp"
#include "store/store.hpp"
#include "support/lost_reply_proxy.hpp"
#include "tryton_peer.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kTenant = "p8f3a21";

class TrytonInDoubtTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (tryton_tests_skipped()) return;
    peer_ = new TrytonPeer();
    registry_ = new plugin::PluginRegistry(plugin::PluginRegistry::scan(ERPBRIDGE_PLUGIN_DIR));
  }
  static void TearDownTestSuite() {
    delete registry_;
    delete peer_;
    registry_ = nullptr;
    peer_ = nullptr;
  }

  void SetUp() override {
    if (tryton_tests_skipped()) GTEST_SKIP() << "ERPBRIDGE_SKIP_TRYTON=1";
    proxy_ = std::make_unique<LostReplyProxy>(peer_->port());
    auto file =
        dir_.write("tenants/tryton.yaml",
                   std::string("tenant: ") + kTenant +
                       "\ninbound:\n  - type: bearer\n    token: t0ken-1\nconnector: tryton\n"
                       "connection:\n  base_url: " +
                       proxy_->base_url() +
                       "\n  read_timeout_ms: 60000\nsettings:\n  database: " + peer_->database() +
                       "\n  login: admin\n  password: " + TrytonPeer::kPassword + "\n");
    tenant_ = std::make_unique<config::TenantConfig>(config::load_tenant_config(file));
    connector_ = pipeline::make_connector(*tenant_, *registry_);
    store_ = store::open_store({dir_.path() / "store.db"});
    dispatcher_ = std::make_unique<pipeline::EventDispatcher>(store_->ids(), store_->ledger());
  }

  events::Event event(const std::string& name) const {
    events::ValidationError error;
    auto e = events::parse_event(json::serialize(sample_.event(name)), error);
    EXPECT_TRUE(e) << error.path << ": " << error.message;
    return *e;
  }

  DeliveryResult dispatch(const events::Event& e) {
    return dispatcher_
        ->dispatch(e, kTenant, *connector_, 1, std::string(kTenant) + ":" + e.event_id)
        .result;
  }
  DeliveryResult lookup(const events::Event& e) {
    return dispatcher_->lookup(e, kTenant, *connector_, std::string(kTenant) + ":" + e.event_id);
  }

  static std::int64_t sales_for(const std::string& reference) {
    return peer_->count("sale.sale", {json::array{"reference", "=", reference}});
  }
  static std::string state_of(const std::string& erp_id) {
    return std::string(peer_->read("sale.sale", as_id(erp_id), {"state"}).at("state").as_string());
  }

  static TrytonPeer* peer_;
  static plugin::PluginRegistry* registry_;
  SampleIds sample_ = next_sample_ids();
  TempDir dir_;
  std::unique_ptr<LostReplyProxy> proxy_;
  std::unique_ptr<config::TenantConfig> tenant_;
  std::unique_ptr<plugin::ConnectorInstance> connector_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<pipeline::EventDispatcher> dispatcher_;
};

TrytonPeer* TrytonInDoubtTest::peer_ = nullptr;
plugin::PluginRegistry* TrytonInDoubtTest::registry_ = nullptr;

TEST_F(TrytonInDoubtTest, LostReplyToTheConfirmIsFoundByLookupAndNotSentTwice) {
  ASSERT_TRUE(dispatch(event("customer.created")).ok());
  const auto order = event("order.created");

  proxy_->lose_reply("\"model.sale.sale.confirm\"");
  auto first = dispatch(order);
  ASSERT_EQ(first.result_class, ResultClass::in_doubt) << first.message;
  EXPECT_EQ(proxy_->replies_lost(), 1);

  auto found = lookup(order);
  ASSERT_TRUE(found.ok()) << found.message;
  ASSERT_TRUE(found.found.value_or(false)) << found.message;
  ASSERT_TRUE(found.erp_id);
  EXPECT_EQ(found.line_erp_ids.size(), 2u);
  EXPECT_EQ(sales_for(sample_.order()), 1);
  EXPECT_EQ(state_of(*found.erp_id), "processing");
  // The lookup recorded the sale and its lines, as a successful delivery would have.
  EXPECT_EQ(store_->ids().get(kTenant, store::EntityKind::order, sample_.order()), found.erp_id);
  EXPECT_EQ(store_->ids().get(kTenant, store::EntityKind::order_line, sample_.order() + "/L1"),
            found.line_erp_ids.at("L1"));
}

TEST_F(TrytonInDoubtTest, LostReplyToTheCreateIsResumedInsteadOfCreatingASecondSale) {
  ASSERT_TRUE(dispatch(event("customer.created")).ok());
  const auto order = event("order.created");

  proxy_->lose_reply("\"model.sale.sale.create\"");
  auto first = dispatch(order);
  ASSERT_EQ(first.result_class, ResultClass::in_doubt) << first.message;
  ASSERT_EQ(sales_for(sample_.order()), 1);  // Tryton did create it

  // The sale exists but was never confirmed: lookup says so, and a resend resumes it.
  auto found = lookup(order);
  ASSERT_TRUE(found.ok()) << found.message;
  EXPECT_FALSE(found.found.value_or(true));
  EXPECT_NE(found.message.find("draft"), std::string::npos) << found.message;

  auto again = dispatcher_->dispatch(order, kTenant, *connector_, 2,
                                     std::string(kTenant) + ":" + order.event_id);
  ASSERT_TRUE(again.result.ok()) << again.result.message;
  EXPECT_EQ(sales_for(sample_.order()), 1);
  EXPECT_EQ(state_of(*again.result.erp_id), "processing");
}

TEST_F(TrytonInDoubtTest, LostReplyToACustomerCreateIsFoundByPartyCode) {
  const auto customer = event("customer.created");
  proxy_->lose_reply("\"model.party.party.create\"");
  auto first = dispatch(customer);
  ASSERT_EQ(first.result_class, ResultClass::in_doubt) << first.message;
  auto found = lookup(customer);
  ASSERT_TRUE(found.ok()) << found.message;
  ASSERT_TRUE(found.found.value_or(false));
  EXPECT_EQ(peer_->count("party.party", {json::array{"code", "=", sample_.customer()}}), 1);
  EXPECT_EQ(store_->ids().get(kTenant, store::EntityKind::customer, sample_.customer()),
            found.erp_id);
}

TEST_F(TrytonInDoubtTest, LostReplyToAPartialCancellationIsFoundAndNotAppliedTwice) {
  // Quote only, so the sale's lines can still change.
  dir_.write("tenants/tryton.yaml",
             read_text(tenant_->file) + "  workflow: { quote: true, confirm: false }\n");
  tenant_ = std::make_unique<config::TenantConfig>(config::load_tenant_config(tenant_->file));
  connector_ = pipeline::make_connector(*tenant_, *registry_);
  ASSERT_TRUE(dispatch(event("customer.created")).ok());
  auto order = dispatch(event("order.created"));
  ASSERT_TRUE(order.ok()) << order.message;

  const auto cancel = event("order.cancelled");
  proxy_->lose_reply("\"model.sale.sale.write\"");
  auto first = dispatch(cancel);
  ASSERT_EQ(first.result_class, ResultClass::in_doubt) << first.message;
  // The lines changed, but the sale was left in draft for the change: not finished yet.
  EXPECT_EQ(state_of(*order.erp_id), "draft");
  auto found = lookup(cancel);
  ASSERT_TRUE(found.ok()) << found.message;
  EXPECT_FALSE(found.found.value_or(true));
  // Delivered again, the cancellation is recognised, not applied a second time, and finished.
  auto again = dispatch(cancel);
  ASSERT_TRUE(again.ok()) << again.message;
  EXPECT_EQ(peer_->count("sale.line", {json::array{"sale", "=", as_id(*order.erp_id)}}), 1);
  EXPECT_EQ(state_of(*order.erp_id), "quotation");
  auto after = lookup(cancel);
  EXPECT_TRUE(after.found.value_or(false))
      << to_string(after.result_class) << ": " << after.message;
}

}  // namespace
}  // namespace erpbridge::testing
