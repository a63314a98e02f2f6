// A plugin library stays mapped while anything made from it lives, and no longer.
#include <gtest/gtest.h>

#include "plugin/connector_instance.hpp"
#include "plugin/plugin_registry.hpp"
#include "test_plugin_dir.hpp"

namespace erpbridge::plugin {
namespace {

using abi_testing::call_counter;
using abi_testing::is_loaded;
using abi_testing::TestPluginDir;

std::unique_ptr<ConnectorInstance> make_counting_connector(const PluginRegistry& registry) {
  ConnectorSettingsError error;
  auto connector =
      ConnectorInstance::create(registry.find("counting"), "tenant-1", nullptr, "{}", error);
  EXPECT_NE(connector, nullptr) << error.message;
  return connector;
}

TEST(ConnectorLifetime, LibraryStaysLoadedWhileAConnectorLivesAfterTheRegistryIsGone) {
  TestPluginDir dir;
  const auto library = dir.add("counting");
  std::unique_ptr<ConnectorInstance> connector;
  {
    ::testing::internal::CaptureStderr();
    const PluginRegistry registry = PluginRegistry::scan(dir.path());
    connector = make_counting_connector(registry);
    ::testing::internal::GetCapturedStderr();
  }
  ASSERT_TRUE(is_loaded(library));
  // Calling into the plugin after the registry is gone would crash if it had been unloaded.
  EXPECT_EQ(connector->deliver("{}").result_class, ResultClass::permanent);
  EXPECT_EQ(connector->plugin().name(), "counting");

  connector.reset();
  EXPECT_FALSE(is_loaded(library)) << "the last owner is gone but the library is still mapped";
}

TEST(ConnectorLifetime, LibraryIsUnloadedWithTheRegistryWhenNoConnectorHoldsIt) {
  TestPluginDir dir;
  const auto library = dir.add("counting");
  {
    ::testing::internal::CaptureStderr();
    const PluginRegistry registry = PluginRegistry::scan(dir.path());
    ::testing::internal::GetCapturedStderr();
    ASSERT_TRUE(is_loaded(library));
  }
  EXPECT_FALSE(is_loaded(library));
}

TEST(ConnectorLifetime, DestroyingTheInstanceDestroysThePluginConnector) {
  TestPluginDir dir;
  const auto library = dir.add("counting");
  ::testing::internal::CaptureStderr();
  const PluginRegistry registry = PluginRegistry::scan(dir.path());
  auto first = make_counting_connector(registry);
  auto second = make_counting_connector(registry);
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(call_counter(library, "counting_live_connectors"), 2);
  first.reset();
  EXPECT_EQ(call_counter(library, "counting_live_connectors"), 1);
  second.reset();
  EXPECT_EQ(call_counter(library, "counting_live_connectors"), 0);
}

}  // namespace
}  // namespace erpbridge::plugin
