#include <gtest/gtest.h>

#include "common/log.hpp"

namespace erpbridge {
namespace {

std::string logged(LogLevel threshold, LogLevel level, const std::string& message) {
  set_log_threshold(threshold);
  ::testing::internal::CaptureStderr();
  log_line(level, message);
  std::string out = ::testing::internal::GetCapturedStderr();
  set_log_threshold(LogLevel::info);
  return out;
}

TEST(Log, LinesBelowTheConfiguredLevelAreDropped) {
  EXPECT_EQ(logged(LogLevel::warn, LogLevel::info, "routine"), "");
  EXPECT_NE(logged(LogLevel::warn, LogLevel::error, "broken").find("ERROR broken"),
            std::string::npos);
}

TEST(Log, DebugLinesAppearOnlyAtDebugLevel) {
  EXPECT_EQ(logged(LogLevel::info, LogLevel::debug, "detail"), "");
  EXPECT_NE(logged(LogLevel::debug, LogLevel::debug, "detail").find("DEBUG detail"),
            std::string::npos);
}

TEST(Log, ControlCharactersCannotForgeASecondLine) {
  auto out = logged(LogLevel::info, LogLevel::info, "one\ntwo");
  EXPECT_EQ(out.find('\n'), out.size() - 1) << out;
}

TEST(Log, ConfigNamesMapToLevels) {
  EXPECT_EQ(parse_log_level("debug"), LogLevel::debug);
  EXPECT_EQ(parse_log_level("warn"), LogLevel::warn);
  EXPECT_EQ(parse_log_level("error"), LogLevel::error);
  EXPECT_EQ(parse_log_level("info"), LogLevel::info);
}

}  // namespace
}  // namespace erpbridge
