// The `pull:` and `push:` settings of sync back: mistakes are refused at construction, naming
// the setting by its JSON pointer, like every other rest setting.
#include <gtest/gtest.h>

#include "rest_test_support.hpp"
#include "sync_back_settings.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

constexpr const char* kEvents =
    R"("events": {"order.cancelled": {"path": "/cancelorder", "body": "return {}"}})";

std::string with_sync_back(const std::string& sections) {
  return std::string("{") + kEvents + ", " + sections + "}";
}

sdk::SettingsError refusal_of(const std::string& json) {
  try {
    RestAdapter adapter(parse_object(json));
  } catch (const sdk::SettingsError& e) {
    return e;
  }
  return sdk::SettingsError("<accepted>", "");
}

constexpr const char* kStockFeed =
    R"("inventory": {"path": "/stock", "query": {"since": "{{cursor or 0}}"},
                     "changes": "return { inventory = {}, cursor = reply.cursor }"})";

TEST(SyncBackSettings, FeedsAndPushMappingsAreRead) {
  RestAdapter adapter(parse_object(with_sync_back(std::string(R"("pull": {)") + kStockFeed + R"(},
         "push": {"order_status": {"format": "xml", "changes": "return {}"}})")));
  const auto& sync_back = *adapter.settings().sync_back;
  ASSERT_EQ(sync_back.feeds.size(), 1u);
  EXPECT_EQ(sync_back.feeds[0].name, "inventory");
  EXPECT_EQ(sync_back.feeds[0].exchange.request.method, "GET");
  ASSERT_NE(sync_back.push_for("order_status"), nullptr);
  EXPECT_EQ(sync_back.push_for("order_status")->format, Format::xml);
  EXPECT_EQ(sync_back.push_for("inventory"), nullptr);
}

TEST(SyncBackSettings, WithoutPullOrPushThereIsNoSyncBack) {
  RestAdapter adapter(parse_object(std::string("{") + kEvents + "}"));
  EXPECT_EQ(adapter.settings().sync_back, nullptr);
}

TEST(SyncBackSettings, AnEmptyPullSectionIsRefused) {
  auto e = refusal_of(with_sync_back(R"("pull": {})"));
  EXPECT_EQ(e.key, "/pull");
  EXPECT_STREQ(e.what(), "configure at least one feed (like inventory:)");
}

TEST(SyncBackSettings, AFeedWithoutItsMappingNamesTheChangesKey) {
  auto e = refusal_of(with_sync_back(R"("pull": {"inventory": {"path": "/stock"}})"));
  EXPECT_EQ(e.key, "/pull/inventory/changes");
  EXPECT_EQ(std::string(e.what()).rfind("is required", 0), 0u) << e.what();
}

TEST(SyncBackSettings, AFeedWithoutPathNamesThePath) {
  auto e = refusal_of(with_sync_back(R"("pull": {"inventory": {"changes": "return {}"}})"));
  EXPECT_EQ(e.key, "/pull/inventory/path");
}

TEST(SyncBackSettings, UnknownFeedKeysAreNamed) {
  auto e = refusal_of(with_sync_back(
      R"("pull": {"inventory": {"path": "/stock", "changes": "return {}", "since": "0"}})"));
  EXPECT_EQ(e.key, "/pull/inventory/since");
}

TEST(SyncBackSettings, LuaSyntaxErrorsInAFeedMappingNameTheMapping) {
  auto e = refusal_of(
      with_sync_back(R"("pull": {"inventory": {"path": "/stock", "changes": "return {"}})"));
  EXPECT_EQ(e.key, "/pull/inventory/changes");
  EXPECT_EQ(std::string(e.what()).rfind("Lua syntax error", 0), 0u) << e.what();
}

TEST(SyncBackSettings, TemplatesInAFeedQueryAreChecked) {
  auto e = refusal_of(with_sync_back(
      R"("pull": {"inventory": {"path": "/stock", "query": {"since": "{{cursor"},
                                "changes": "return {}"}})"));
  EXPECT_EQ(e.key, "/pull/inventory/query/since");
}

TEST(SyncBackSettings, UnknownPushKindsAreNamed) {
  auto e = refusal_of(with_sync_back(R"("push": {"stock": {"changes": "return {}"}})"));
  EXPECT_EQ(e.key, "/push/stock");
  EXPECT_STREQ(e.what(), "unknown push kind 'stock' (known: inventory, order_status)");
}

TEST(SyncBackSettings, ABadPushFormatIsNamed) {
  auto e = refusal_of(
      with_sync_back(R"("push": {"inventory": {"format": "yaml", "changes": "return {}"}})"));
  EXPECT_EQ(e.key, "/push/inventory/format");
  EXPECT_STREQ(e.what(), "must be json or xml, not 'yaml'");
}

TEST(SyncBackSettings, APushSectionMustBeAMapping) {
  auto e = refusal_of(with_sync_back(R"("push": ["inventory"])"));
  EXPECT_EQ(e.key, "/push");
  EXPECT_STREQ(e.what(), "must be a mapping, not a list");
}

}  // namespace
}  // namespace erpbridge::rest
