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

std::string logged_as_json(LogLevel level, const std::string& message) {
  set_log_format(LogFormat::json);
  std::string out = logged(LogLevel::debug, level, message);
  set_log_format(LogFormat::text);
  return out;
}

TEST(Log, JsonFormatWritesOneJsonObjectPerLine) {
  const std::string out = logged_as_json(LogLevel::warn, "tenant \"p1\" said\nC:\\x\x01");
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.find('\n'), out.size() - 1) << out;
  EXPECT_EQ(out.rfind("{\"time\":\"", 0), 0u) << out;
  EXPECT_NE(out.find(R"("level":"warn","message":"tenant \"p1\" said\u000aC:\\x\u0001"})"),
            std::string::npos)
      << out;
}

TEST(Log, JsonFormatKeepsTheThreshold) {
  set_log_format(LogFormat::json);
  EXPECT_EQ(logged(LogLevel::error, LogLevel::warn, "dropped"), "");
  set_log_format(LogFormat::text);
}

TEST(Log, ConfigNamesMapToFormats) {
  EXPECT_EQ(parse_log_format("json"), LogFormat::json);
  EXPECT_EQ(parse_log_format("text"), LogFormat::text);
}

TEST(Log, ConfigNamesMapToLevels) {
  EXPECT_EQ(parse_log_level("debug"), LogLevel::debug);
  EXPECT_EQ(parse_log_level("warn"), LogLevel::warn);
  EXPECT_EQ(parse_log_level("error"), LogLevel::error);
  EXPECT_EQ(parse_log_level("info"), LogLevel::info);
}

}  // namespace
}  // namespace erpbridge
