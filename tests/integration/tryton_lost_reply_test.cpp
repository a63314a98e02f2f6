// A reply lost on a reused keep-alive connection, against a real Tryton 6.0 through
// `erpbridge send`: one order.created makes several JSON-RPC POSTs (login, searches, create,
// quote, confirm) on one pooled connection. The lost-reply proxy (tests/support) keeps the
// connection alive toward the host, as a reverse proxy in front of Tryton would, lets Tryton
// create the sale and closes without its answer. The host must not repeat the create by
// itself: the delivery is in doubt and Tryton has exactly one sale. Label `tryton`.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>

#include "sample_events.hpp"
#include "support/child_process.hpp"
#include "support/lost_reply_proxy.hpp"
#include "tryton_peer.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr const char* kTenant = "p8f3a21";
constexpr int kExitInDoubt = 6;

class TrytonLostReplyTest : public WithTrytonPeer<> {
 protected:
  void SetUp() override {
    if (tryton_tests_skipped()) GTEST_SKIP() << "ERPBRIDGE_SKIP_TRYTON=1";
    proxy_ = std::make_unique<LostReplyProxy>(peer_->port());
    fs::create_directories(dir_.path() / "tenants");
    host_file_ = dir_.write("erpbridge.yaml", "plugin_dir: " + std::string(ERPBRIDGE_PLUGIN_DIR) +
                                                  "\ntenants_dir: tenants\nstore:\n  path: " +
                                                  (dir_.path() / "store.db").string() + "\n");
    dir_.write("tenants/tryton.yaml",
               std::string("tenant: ") + kTenant +
                   "\ninbound:\n  - type: bearer\n    token: inbound-token-1\n"
                   "connector: tryton\nconnection:\n  base_url: " +
                   proxy_->base_url() +
                   "\n  read_timeout_ms: 60000\nsettings:\n  database: " + peer_->database() +
                   "\n  login: admin\n  password: " + TrytonPeer::kPassword + "\n");
  }

  RunResult send(const std::string& name) {
    const fs::path file = dir_.write(name + ".json", json::serialize(sample_.event(name)));
    return run_command({ERPBRIDGE_BINARY, "send", "--config", host_file_.string(), "--tenant",
                        kTenant, file.string()},
                       {});
  }

  SampleIds sample_ = next_sample_ids();
  TempDir dir_;
  fs::path host_file_;
  std::unique_ptr<LostReplyProxy> proxy_;
};

TEST_F(TrytonLostReplyTest, LostReplyToTheSaleCreateIsInDoubtAndTrytonHasOneSale) {
  const RunResult customer = send("customer.created");
  ASSERT_EQ(customer.exit_code, 0) << customer.out << customer.err;
  proxy_->lose_reply_on_reused_connection("\"model.sale.sale.create\"");

  const RunResult order = send("order.created");

  EXPECT_EQ(order.exit_code, kExitInDoubt) << order.out << order.err;
  ASSERT_EQ(proxy_->replies_lost(), 1);
  EXPECT_EQ(peer_->count("sale.sale", {json::array{"reference", "=", sample_.order()}}), 1);
}

TEST_F(TrytonLostReplyTest, LostReplyToAPartyCreateIsInDoubtAndTrytonHasOneParty) {
  proxy_->lose_reply_on_reused_connection("\"model.party.party.create\"");

  const RunResult customer = send("customer.created");

  EXPECT_EQ(customer.exit_code, kExitInDoubt) << customer.out << customer.err;
  ASSERT_EQ(proxy_->replies_lost(), 1);
  EXPECT_EQ(peer_->count("party.party", {json::array{"code", "=", sample_.customer()}}), 1);
}

}  // namespace
}  // namespace erpbridge::testing
