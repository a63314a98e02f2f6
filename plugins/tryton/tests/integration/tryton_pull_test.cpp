// The pull of changes (ABI 1.1 pull_changes) against a real Tryton: the tryton plugin loaded by
// the host's registry and called through the host's ConnectorInstance and HTTP client. Each test
// takes a "now" cursor first, then changes Tryton (a sale through the connector, stock arriving,
// the sale shipped) and proves what the next pulls bring back.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>

#include "plugin/plugin_registry.hpp"
#include "plugin_connector.hpp"
#include "sample_events.hpp"
#include "tryton_peer.hpp"
#include "tryton_sync_actions.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;

// Quantities by SKU and statuses by order, as the last of several answers left them.
struct Pulled {
  std::map<std::string, std::int64_t> quantity;
  std::map<std::string, json::object> status;  // by erp_order_id
  int inventory_entries = 0;
  int status_entries = 0;
  std::string cursor;

  void add(const json::object& answer) {
    for (const auto& e : answer.at("inventory").as_array()) {
      quantity[std::string(e.at("sku").as_string())] = e.at("quantity").as_int64();
      ++inventory_entries;
    }
    for (const auto& e : answer.at("order_status").as_array()) {
      status[std::string(e.at("erp_order_id").as_string())] = e.as_object();
      ++status_entries;
    }
    cursor = std::string(answer.at("cursor").as_string());
  }
};

class TrytonPullTest : public ::testing::Test {
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
    connector_ = connect({});
  }

  static std::unique_ptr<PluginConnector> connect(json::object pull) {
    http::EndpointConfig erp;
    erp.base_url = peer_->base_url();
    erp.read_timeout = std::chrono::milliseconds(60000);
    json::object settings{{"database", peer_->database()},
                          {"login", TrytonPeer::kLogin},
                          {"password", TrytonPeer::kPassword}};
    if (!pull.empty()) settings["pull"] = std::move(pull);
    return std::make_unique<PluginConnector>(registry_->find("tryton"), "p8f3a21", erp, settings);
  }

  // A pull that must succeed.
  json::object pull(const std::optional<std::string>& cursor, int limit = 500) {
    auto answer = connector_->pull(cursor, limit);
    EXPECT_TRUE(answer.ok()) << answer.text();
    return answer.body;
  }

  // Pulls from `cursor` (nullopt: a first pull) with `limit` until the answer has no "more";
  // checks each answer keeps to the limit.
  Pulled pull_all(std::optional<std::string> cursor, int limit) {
    Pulled pulled;
    for (int round = 0; round < 500; ++round) {
      auto answer = pull(cursor, limit);
      EXPECT_LE(
          answer.at("inventory").as_array().size() + answer.at("order_status").as_array().size(),
          static_cast<std::size_t>(limit));
      pulled.add(answer);
      cursor = pulled.cursor;
      if (!answer.contains("more")) return pulled;
    }
    ADD_FAILURE() << "the pull kept answering more";
    return pulled;
  }

  // A new sale, stock for its goods, and the sale shipped.
  AdapterSale sell_and_ship() {
    auto sale = create_sale(*connector_, sample_);
    add_stock(*peer_, "TSHIRT-BLU-M", 10);
    add_stock(*peer_, "MUG-CER-350", 5);
    ship_sale(*peer_, as_id(sale.erp_id));
    return sale;
  }

  static std::int64_t forecast(const std::string& sku) {
    return static_cast<std::int64_t>(warehouse_quantity(*peer_, sku));
  }

  static TrytonPeer* peer_;
  static plugin::PluginRegistry* registry_;
  SampleIds sample_ = next_sample_ids();
  std::unique_ptr<PluginConnector> connector_;
};

TrytonPeer* TrytonPullTest::peer_ = nullptr;
plugin::PluginRegistry* TrytonPullTest::registry_ = nullptr;

TEST_F(TrytonPullTest, FirstPullStartsNowWithoutTrytonsHistory) {
  add_stock(*peer_, "SKU-001", 3);  // history: before the tenant's first pull
  auto first = pull(std::nullopt);
  EXPECT_TRUE(first.at("inventory").as_array().empty()) << json::serialize(first);
  EXPECT_TRUE(first.at("order_status").as_array().empty()) << json::serialize(first);
  EXPECT_FALSE(first.contains("more"));
  ASSERT_TRUE(first.at("cursor").is_string());
  auto again = pull(std::string(first.at("cursor").as_string()));
  EXPECT_TRUE(again.at("inventory").as_array().empty()) << json::serialize(again);
  EXPECT_EQ(again.at("cursor"), first.at("cursor"));
}

TEST_F(TrytonPullTest, PullBringsTheNewStockQuantityAndTheShippedSale) {
  const auto start = std::string(pull(std::nullopt).at("cursor").as_string());
  const auto sale = sell_and_ship();

  auto answer = pull(start);
  Pulled pulled;
  pulled.add(answer);
  EXPECT_FALSE(answer.contains("more")) << json::serialize(answer);
  // Absolute quantities, as Tryton now has them in the warehouse.
  ASSERT_TRUE(pulled.quantity.count("TSHIRT-BLU-M")) << json::serialize(answer);
  EXPECT_EQ(pulled.quantity.at("TSHIRT-BLU-M"), forecast("TSHIRT-BLU-M"));
  ASSERT_TRUE(pulled.quantity.count("MUG-CER-350")) << json::serialize(answer);
  EXPECT_EQ(pulled.quantity.at("MUG-CER-350"), forecast("MUG-CER-350"));
  EXPECT_GE(pulled.quantity.at("TSHIRT-BLU-M"), 8);  // 10 arrived, 2 shipped, and earlier stock
  // The sale, under the erp_id order.created returned, is Shipped, with what it holds.
  ASSERT_EQ(pulled.status.count(sale.erp_id), 1u) << json::serialize(answer);
  const auto& status = pulled.status.at(sale.erp_id);
  EXPECT_EQ(status.at("status"), "Shipped");
  EXPECT_EQ(json::serialize(status.at("items")),
            R"([{"sku":"TSHIRT-BLU-M","quantity":2},{"sku":"MUG-CER-350","quantity":1}])");
  EXPECT_EQ(pulled.status_entries, 1);

  // Nothing changed since: the returned cursor brings nothing, and stays where it is.
  auto again = pull(pulled.cursor);
  EXPECT_TRUE(again.at("inventory").as_array().empty()) << json::serialize(again);
  EXPECT_TRUE(again.at("order_status").as_array().empty()) << json::serialize(again);
  EXPECT_FALSE(again.contains("more"));
  EXPECT_EQ(std::string(again.at("cursor").as_string()), pulled.cursor);
}

TEST_F(TrytonPullTest, PagingWithLimitOneTakesEveryChangeExactlyOnce) {
  const auto start = std::string(pull(std::nullopt).at("cursor").as_string());
  const auto moves_before = last_move_id(*peer_);
  const auto sale = sell_and_ship();
  add_stock(*peer_, "SKU-002", 4);
  // Every stock move of this test is new, so each was changed once since `start`.
  const auto moves = peer_->count("stock.move", {json::array{"id", ">", moves_before}});
  ASSERT_GE(moves, 5);  // two arrivals, the sale's two inventory and two outgoing moves, one more

  const auto paged = pull_all(start, 1);
  // One answer per stock move (each names its product once) and one for the sale: nothing
  // skipped, nothing twice, although Tryton stamps a whole transaction's records alike.
  EXPECT_EQ(paged.inventory_entries, moves);
  EXPECT_EQ(paged.status_entries, 1);
  ASSERT_EQ(paged.status.count(sale.erp_id), 1u);
  EXPECT_EQ(paged.status.at(sale.erp_id).at("status"), "Shipped");
  for (const char* sku : {"TSHIRT-BLU-M", "MUG-CER-350", "SKU-002"}) {
    ASSERT_TRUE(paged.quantity.count(sku)) << sku;
    EXPECT_EQ(paged.quantity.at(sku), forecast(sku)) << sku;
  }
  // One big answer from the same start agrees, and ends at the same cursor.
  const auto whole = pull_all(start, 500);
  EXPECT_EQ(whole.quantity, paged.quantity);
  EXPECT_EQ(whole.status.size(), paged.status.size());
  EXPECT_EQ(whole.cursor, paged.cursor);
  // Past the end, nothing.
  auto after = pull(paged.cursor, 1);
  EXPECT_TRUE(after.at("inventory").as_array().empty());
  EXPECT_TRUE(after.at("order_status").as_array().empty());
}

TEST_F(TrytonPullTest, AnApprovedReturnReportsReturnApprovedForTheOriginalSale) {
  const auto start = std::string(pull(std::nullopt).at("cursor").as_string());
  const auto sale = sell_and_ship();
  auto returned = connector_->deliver(
      sample_.event("order.returned"),
      json::object{{"order_erp_id", sale.erp_id}, {"line_erp_ids", sale.line_erp_ids}});
  ASSERT_TRUE(returned.ok()) << returned.message;

  const auto pulled = pull_all(start, 500);
  // The return sale was confirmed (workflow), so the store's order is Return Approved; the
  // entry names the original sale, whose id the host maps to Commerceup's order.
  ASSERT_EQ(pulled.status.count(sale.erp_id), 1u);
  EXPECT_EQ(pulled.status_entries, 2);  // the sale shipped, then its return approved
  EXPECT_EQ(pulled.status.at(sale.erp_id).at("status"), "Return Approved");
  EXPECT_EQ(json::serialize(pulled.status.at(sale.erp_id).at("items")),
            R"([{"sku":"TSHIRT-BLU-M","quantity":1}])");
}

TEST_F(TrytonPullTest, SinceSettingStartsTheFirstPullThenAndStatusesCanBeRemapped) {
  connector_ = connect(json::object{{"since", "2000-01-01T00:00:00Z"},
                                    {"stock", false},
                                    {"statuses", json::object{{"shipped", "In Process"}}}});
  const auto sale = sell_and_ship();
  // The first pull starts in 2000, not now, so it finds this sale made before it.
  const auto pulled = pull_all(std::nullopt, 500);
  EXPECT_TRUE(pulled.quantity.empty());  // stock: false
  ASSERT_EQ(pulled.status.count(sale.erp_id), 1u);
  EXPECT_EQ(pulled.status.at(sale.erp_id).at("status"), "In Process");  // remapped "shipped"
}

TEST_F(TrytonPullTest, ACursorItDidNotWriteIsInvalidAndNamesTheCursor) {
  auto answer = connector_->pull(std::string("v0;garbage"), 10);
  EXPECT_EQ(answer.result_class, ResultClass::invalid) << answer.text();
  EXPECT_EQ(answer.body.at("field"), "/cursor");
}

}  // namespace
}  // namespace erpbridge::testing
