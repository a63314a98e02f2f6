// store.synchronous, store.lock_wait_ms and store.retention_days in the host file: how durable
// the outbox is (docs/delivery.md), how long a start waits for another host's store lock, and
// how long delivered rows are kept.
#include <gtest/gtest.h>

#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "config_test_support.hpp"

namespace erpbridge::config {
namespace {

using testing::config_error_from;
using testing::TempDir;

TEST(HostConfigStore, SynchronousDefaultsToNormal) {
  TempDir dir;
  const auto file = dir.write("h.yaml", "plugin_dir: p\ntenants_dir: t\nstore: {path: s.db}\n");
  EXPECT_EQ(load_host_config(file).store_sync, "normal");
}

TEST(HostConfigStore, SynchronousAcceptsOffNormalAndFull) {
  TempDir dir;
  for (const std::string level : {"off", "normal", "full"}) {
    const auto file = dir.write("h.yaml",
                                "plugin_dir: p\ntenants_dir: t\nstore:\n  path: s.db\n"
                                "  synchronous: " +
                                    level + "\n");
    EXPECT_EQ(load_host_config(file).store_sync, level);
  }
}

TEST(HostConfigStore, UnknownSynchronousLevelNamesItsLineAndTheChoices) {
  TempDir dir;
  const auto file = dir.write(
      "h.yaml", "plugin_dir: p\ntenants_dir: t\nstore:\n  path: s.db\n  synchronous: extra\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "store.synchronous");
  EXPECT_NE(e.problem().find("off, normal or full"), std::string::npos) << e.what();
}

TEST(HostConfigStore, LockWaitDefaultsToRefusingAtOnce) {
  TempDir dir;
  const auto file = dir.write("h.yaml", "plugin_dir: p\ntenants_dir: t\nstore: {path: s.db}\n");
  EXPECT_EQ(load_host_config(file).store_lock_wait, std::chrono::milliseconds(0));
}

TEST(HostConfigStore, LockWaitIsReadInMilliseconds) {
  TempDir dir;
  const auto file = dir.write(
      "h.yaml", "plugin_dir: p\ntenants_dir: t\nstore:\n  path: s.db\n  lock_wait_ms: 45000\n");
  EXPECT_EQ(load_host_config(file).store_lock_wait, std::chrono::milliseconds(45000));
}

TEST(HostConfigStore, ANegativeLockWaitNamesItsLineAndKey) {
  TempDir dir;
  const auto file = dir.write(
      "h.yaml", "plugin_dir: p\ntenants_dir: t\nstore:\n  path: s.db\n  lock_wait_ms: -5\n");
  const ConfigError e = config_error_from([&] { load_host_config(file); });
  EXPECT_EQ(e.line(), 5);
  EXPECT_EQ(e.key(), "store.lock_wait_ms");
}

TEST(HostConfigStore, RetentionDefaultsToSevenDays) {
  TempDir dir;
  const auto file = dir.write("h.yaml", "plugin_dir: p\ntenants_dir: t\nstore: {path: s.db}\n");
  EXPECT_EQ(load_host_config(file).store_retention, std::chrono::days(7));
}

TEST(HostConfigStore, RetentionIsReadInDaysAndZeroKeepsForEver) {
  TempDir dir;
  for (const int days : {0, 30}) {
    const auto file = dir.write("h.yaml",
                                "plugin_dir: p\ntenants_dir: t\nstore:\n  path: s.db\n"
                                "  retention_days: " +
                                    std::to_string(days) + "\n");
    EXPECT_EQ(load_host_config(file).store_retention, std::chrono::days(days));
  }
}

TEST(HostConfigStore, RetentionOutOfRangeNamesItsLineAndKey) {
  TempDir dir;
  for (const char* bad : {"-1", "3651", "a week"}) {
    const auto file =
        dir.write("h.yaml", std::string("plugin_dir: p\ntenants_dir: t\nstore:\n  path: s.db\n"
                                        "  retention_days: ") +
                                bad + "\n");
    const ConfigError e = config_error_from([&] { load_host_config(file); });
    EXPECT_EQ(e.line(), 5) << bad;
    EXPECT_EQ(e.key(), "store.retention_days") << bad;
  }
}

}  // namespace
}  // namespace erpbridge::config
