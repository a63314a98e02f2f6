// The ABI 1.1 sync-back operations across a real plugin boundary: translate_push and
// pull_changes reach the adapter's C++ overrides through the SDK wrapper, failures keep their
// class, message and field, and a plugin without them answers `invalid` instead of crashing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "plugin/connector_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "test_plugin_dir.hpp"

namespace erpbridge::plugin {
namespace {

using abi_testing::TestPluginDir;
using ::testing::HasSubstr;

class SyncOperationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.add("echo");
    dir_.add("counting");
    ::testing::internal::CaptureStderr();
    registry_ = PluginRegistry::scan(dir_.path());
    ::testing::internal::GetCapturedStderr();
  }

  std::unique_ptr<ConnectorInstance> create(const std::string& plugin) {
    ConnectorSettingsError error;
    auto connector =
        ConnectorInstance::create(registry_.find(plugin), "tenant-7", nullptr, "{}", error);
    EXPECT_NE(connector, nullptr) << error.message;
    return connector;
  }

  TestPluginDir dir_;
  PluginRegistry registry_;
};

TEST_F(SyncOperationsTest, TranslatePushTurnsTheErpsBodyIntoChanges) {
  auto echo = create("echo");
  const SyncCallResult r =
      echo->translate_push(R"({"kind":"inventory","content_type":"application/json",)"
                           R"("body":"{\"stock\":[{\"code\":\"SKU-1\",\"qty\":4}]}"})");
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(boost::json::parse(r.changes_json),
            boost::json::parse(R"({"inventory":[{"sku":"SKU-1","quantity":4}]})"));
}

TEST_F(SyncOperationsTest, TranslatePushOfABadBodyIsInvalidAndNamesTheField) {
  auto echo = create("echo");
  const SyncCallResult r =
      echo->translate_push(R"({"kind":"inventory","content_type":"text/plain","body":"nope"})");
  EXPECT_EQ(r.result_class, ResultClass::invalid);
  EXPECT_THAT(r.message, HasSubstr("expected {\"stock\""));
  EXPECT_EQ(r.field, "/stock");
  EXPECT_TRUE(r.changes_json.empty());
}

TEST_F(SyncOperationsTest, PullFollowsTheCursorTheAdapterHandsBack) {
  auto echo = create("echo");
  const SyncCallResult first = echo->pull_changes(R"({"cursor":null,"limit":10})");
  ASSERT_TRUE(first.ok()) << first.message;
  const auto page1 = boost::json::parse(first.changes_json).as_object();
  EXPECT_EQ(page1.at("cursor"), "1");
  EXPECT_EQ(page1.at("more"), true);
  EXPECT_EQ(page1.at("inventory").as_array().size(), 1u);

  const SyncCallResult second = echo->pull_changes(R"({"cursor":"1","limit":10})");
  ASSERT_TRUE(second.ok()) << second.message;
  const auto page2 = boost::json::parse(second.changes_json).as_object();
  EXPECT_EQ(page2.at("cursor"), "2");
  EXPECT_EQ(page2.at("order_status").as_array()[0].at("status"), "Shipped");
}

TEST_F(SyncOperationsTest, MalformedInputIsInvalidWithTheParseErrorNotACrash) {
  auto echo = create("echo");
  const SyncCallResult r = echo->pull_changes("not json");
  EXPECT_EQ(r.result_class, ResultClass::invalid);
  EXPECT_THAT(r.message, HasSubstr("bad input"));
}

TEST_F(SyncOperationsTest, PluginWithoutTheOperationsAnswersInvalid) {
  auto counting = create("counting");
  const SyncCallResult pull = counting->pull_changes(R"({"cursor":null,"limit":10})");
  EXPECT_EQ(pull.result_class, ResultClass::invalid);
  EXPECT_THAT(pull.message, HasSubstr("pull_changes is not supported by plugin counting"));
  const SyncCallResult push =
      counting->translate_push(R"({"kind":"inventory","content_type":"","body":""})");
  EXPECT_EQ(push.result_class, ResultClass::invalid);
  EXPECT_THAT(push.message, HasSubstr("translate_push is not supported"));
}

}  // namespace
}  // namespace erpbridge::plugin
