// `erpbridge store prune` as an operator runs it: the real binary on a real store whose events
// were delivered ten days ago (the store's clock set back), with store.retention_days 7.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>

#include "common/clock.hpp"
#include "store/store.hpp"
#include "support/child_process.hpp"
#include "unit/test_support.hpp"

namespace erpbridge::testing {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

class StorePruneCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    host_file_ = dir_.write("erpbridge.yaml",
                            "plugin_dir: .\ntenants_dir: tenants\nstore:\n  path: store.db\n"
                            "  retention_days: 7\n");
    std::filesystem::create_directories(dir_.path() / "tenants");
    // Delivered (or dead) at the given age, each in a lane of its own.
    auto at = [this](std::int64_t age_days) {
      const std::int64_t when = unix_now_ms() - age_days * kDayMs;
      return store::open_store(
          {dir_.path() / "store.db", store::SyncLevel::normal, [when] { return when; }});
    };
    finish_one(*at(10), "old-1", store::Outcome::delivered);
    finish_one(*at(10), "old-2", store::Outcome::delivered);
    finish_one(*at(10), "old-dead", store::Outcome::dead);
    finish_one(*at(1), "young", store::Outcome::delivered);
    at(10)->ids().put_all("p1", {{store::EntityKind::order, "O-old-1", "SO-1"}});
  }

  static void finish_one(store::Store& s, const std::string& id, store::Outcome outcome) {
    s.intake().accept({{"p1", id, "order.created", "order:O-" + id, "O-" + id, "{\"x\":1}"}});
    auto claimed = s.claims().claim_ready(unix_now_ms(), {{"p1", 10}}, 10).events;
    ASSERT_EQ(claimed.size(), 1u);
    store::GroupOutcome o;
    o.seqs = {claimed[0].seq};
    o.outcome = outcome;
    o.attempts = 1;
    s.outcomes().finish({o});
  }

  RunResult erpbridge(std::vector<std::string> args) const {
    args.insert(args.begin(), ERPBRIDGE_BINARY);
    return run_command(args);
  }

  bool has(const std::string& id) const {
    return store::open_store({dir_.path() / "store.db"})->status().find("p1", id).has_value();
  }

  TempDir dir_;
  std::filesystem::path host_file_;
};

TEST_F(StorePruneCommand, DryRunListsTheDeliveredEventsPastRetentionAndRemovesNothing) {
  const RunResult r = erpbridge({"store", "prune", "--dry-run", "--config", host_file_.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("p1  2 event(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("would prune 2 delivered event(s)"), std::string::npos) << r.out;
  EXPECT_TRUE(has("old-1") && has("old-2") && has("old-dead") && has("young"));

  const RunResult json =
      erpbridge({"store", "prune", "--dry-run", "--json", "--config", host_file_.string()});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto doc = boost::json::parse(json.out).as_object();
  EXPECT_EQ(doc.at("events").as_int64(), 2);
  EXPECT_EQ(doc.at("retention_days").as_int64(), 7);
  EXPECT_EQ(doc.at("tenants").as_array().at(0).at("payload_bytes").as_int64(), 2 * 7);
}

TEST_F(StorePruneCommand, PruneRemovesThemAndKeepsDeadLettersYoungEventsAndTheIdMap) {
  const RunResult r = erpbridge({"store", "prune", "--config", host_file_.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("pruned 2 delivered event(s)"), std::string::npos) << r.out;
  EXPECT_FALSE(has("old-1"));
  EXPECT_FALSE(has("old-2"));
  EXPECT_TRUE(has("old-dead"));
  EXPECT_TRUE(has("young"));
  EXPECT_EQ(store::open_store({dir_.path() / "store.db"})
                ->ids()
                .get("p1", store::EntityKind::order, "O-old-1"),
            "SO-1");
  const RunResult again = erpbridge({"store", "prune", "--config", host_file_.string()});
  EXPECT_NE(again.out.find("pruned 0 delivered event(s)"), std::string::npos) << again.out;
}

TEST_F(StorePruneCommand, RetentionZeroPrunesNothing) {
  dir_.write("erpbridge.yaml",
             "plugin_dir: .\ntenants_dir: tenants\nstore:\n  path: store.db\n"
             "  retention_days: 0\n");
  const RunResult r = erpbridge({"store", "prune", "--config", host_file_.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("nothing to prune"), std::string::npos) << r.out;
  EXPECT_TRUE(has("old-1"));
}

}  // namespace
}  // namespace erpbridge::testing
