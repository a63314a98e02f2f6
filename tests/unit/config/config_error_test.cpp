#include "config/config_error.hpp"

#include <gtest/gtest.h>

namespace erpbridge::config {
namespace {

TEST(ConfigError, WhatReadsFileLineKeyProblem) {
  const ConfigError e("config/tenants/a.yaml", 12, "connection.auth.type", "unknown auth type");
  EXPECT_STREQ(e.what(), "config/tenants/a.yaml:12: connection.auth.type: unknown auth type");
  EXPECT_EQ(e.file(), "config/tenants/a.yaml");
  EXPECT_EQ(e.line(), 12);
  EXPECT_EQ(e.key(), "connection.auth.type");
  EXPECT_EQ(e.problem(), "unknown auth type");
}

TEST(ConfigError, WhatLeavesOutTheKeyWhenTheErrorConcernsTheWholeFile) {
  const ConfigError e("a.yaml", 0, "", "cannot read: No such file or directory");
  EXPECT_STREQ(e.what(), "a.yaml:0: cannot read: No such file or directory");
}

}  // namespace
}  // namespace erpbridge::config
