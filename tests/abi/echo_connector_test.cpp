// Connectors made from real plugins: results, settings errors, lookups, logging, and every
// plugin buffer handed back to the plugin that allocated it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin/connector_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "test_plugin_dir.hpp"

namespace erpbridge::plugin {
namespace {

using abi_testing::call_counter;
using abi_testing::sample_delivery;
using abi_testing::TestPluginDir;
using ::testing::HasSubstr;

class ConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    counting_library_ = dir_.add("counting");
    dir_.add("echo");
    ::testing::internal::CaptureStderr();
    registry_ = PluginRegistry::scan(dir_.path());
    ::testing::internal::GetCapturedStderr();
    ASSERT_EQ(registry_.plugins().size(), 2u);
  }

  std::unique_ptr<ConnectorInstance> create(const std::string& plugin, const std::string& settings,
                                            ConnectorSettingsError& error) {
    return ConnectorInstance::create(registry_.find(plugin), "tenant-7", nullptr, settings, error);
  }
  std::unique_ptr<ConnectorInstance> create(const std::string& plugin) {
    ConnectorSettingsError error;
    auto connector = create(plugin, "{}", error);
    EXPECT_NE(connector, nullptr) << error.pointer << ": " << error.message;
    return connector;
  }
  int live_counting_buffers() { return call_counter(counting_library_, "counting_live_buffers"); }

  TestPluginDir dir_;
  std::filesystem::path counting_library_;
  PluginRegistry registry_;
};

TEST_F(ConnectorTest, DeliverAnswersTheDocumentIdOfEachEventType) {
  auto echo = create("echo");
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"customer.created", "cu_1001"},
      {"order.created", "ORD-5001"},
      {"order.cancelled", "CX-1"},
      {"order.returned", "RT-1"},
  };
  for (const auto& [sample, id] : expected) {
    const DeliveryResult result = echo->deliver(sample_delivery(sample));
    EXPECT_EQ(result.result_class, ResultClass::ok) << sample << ": " << result.message;
    EXPECT_EQ(result.erp_id, id) << sample;
  }
}

TEST_F(ConnectorTest, AdapterExceptionBecomesAPermanentResult) {
  auto echo = create("echo");
  const DeliveryResult result = echo->deliver(sample_delivery("order.created", "boom"));
  EXPECT_EQ(result.result_class, ResultClass::permanent);
  EXPECT_EQ(result.message, "adapter error: boom requested by the test");
}

TEST_F(ConnectorTest, UnparseableInputBecomesAnInvalidResult) {
  auto echo = create("echo");
  const DeliveryResult result = echo->deliver("not json");
  EXPECT_EQ(result.result_class, ResultClass::invalid);
  EXPECT_THAT(result.message, HasSubstr("bad input"));
}

TEST_F(ConnectorTest, LookupFindsTheDocument) {
  auto echo = create("echo");
  const DeliveryResult result = echo->lookup(sample_delivery("order.created"));
  EXPECT_EQ(result.result_class, ResultClass::ok) << result.message;
  EXPECT_EQ(result.found, true);
  EXPECT_EQ(result.erp_id, "ORD-5001");
}

TEST_F(ConnectorTest, LookupOfAPluginWithoutOneIsInvalid) {
  ::testing::internal::CaptureStderr();  // counting logs on create
  auto counting = create("counting");
  ::testing::internal::GetCapturedStderr();
  const DeliveryResult result = counting->lookup(sample_delivery("order.created"));
  EXPECT_EQ(result.result_class, ResultClass::invalid);
  EXPECT_EQ(result.message, "lookup not supported by plugin counting");
}

TEST_F(ConnectorTest, SettingsErrorFromTheWrapperCarriesPointerAndMessage) {
  ConnectorSettingsError error;
  EXPECT_EQ(create("echo", R"({"mode": "telepathy"})", error), nullptr);
  EXPECT_EQ(error.pointer, "/mode");
  EXPECT_EQ(error.message, "must be \"echo\" or \"http\"");
}

TEST_F(ConnectorTest, SettingsThatAreNotAnObjectAreRefused) {
  ConnectorSettingsError error;
  EXPECT_EQ(create("echo", "[1, 2]", error), nullptr);
  EXPECT_EQ(error.pointer, "");
  EXPECT_EQ(error.message, "settings must be a mapping");
}

TEST_F(ConnectorTest, SettingsErrorFromACPluginIsParsedAndItsBufferReleased) {
  ConnectorSettingsError error;
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(create("counting", R"({"refuse": true})", error), nullptr);
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(error.pointer, "/endpoint/url");  // the plugin's dotted key, as a JSON pointer
  EXPECT_EQ(error.message, "must use https");
  EXPECT_EQ(live_counting_buffers(), 0);
}

TEST_F(ConnectorTest, UnknownResultClassBecomesPermanentAndTheBufferIsReleased) {
  ::testing::internal::CaptureStderr();
  auto counting = create("counting");
  ::testing::internal::GetCapturedStderr();
  const DeliveryResult result = counting->deliver(sample_delivery("order.created"));
  EXPECT_EQ(result.result_class, ResultClass::permanent);
  EXPECT_THAT(result.message, HasSubstr("plugin returned an unknown result class"));
  EXPECT_EQ(live_counting_buffers(), 0);
}

TEST_F(ConnectorTest, PluginLogLinesNameTheTenantAndThePlugin) {
  ::testing::internal::CaptureStderr();
  auto counting = create("counting");
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(log,
              HasSubstr("INFO tenant tenant-7 plugin counting: creating a counting connector"));
}

TEST_F(ConnectorTest, ConnectorsOfOneTenantAreIndependent) {
  auto first = create("echo");
  auto second = create("echo");
  first.reset();
  EXPECT_EQ(second->deliver(sample_delivery("order.returned")).result_class, ResultClass::ok);
  EXPECT_EQ(second->tenant_id(), "tenant-7");
}

}  // namespace
}  // namespace erpbridge::plugin
