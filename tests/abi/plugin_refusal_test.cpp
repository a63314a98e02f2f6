// Every way a plugin file can be wrong is refused with one log line naming the file and the
// problem, and the plugins beside it still load.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "plugin/plugin_registry.hpp"
#include "plugin/plugin_validation.hpp"
#include "test_plugin_dir.hpp"

namespace erpbridge::plugin {
namespace {

namespace fs = std::filesystem;
using abi_testing::TestPluginDir;
using ::testing::HasSubstr;

struct ScanOutcome {
  PluginRegistry registry;
  std::vector<std::string> refusal_lines;  // log lines about refused plugins
};

ScanOutcome scan_capturing_log(const fs::path& dir) {
  ::testing::internal::CaptureStderr();
  PluginRegistry registry = PluginRegistry::scan(dir);
  std::istringstream log(::testing::internal::GetCapturedStderr());
  ScanOutcome outcome{std::move(registry), {}};
  for (std::string line; std::getline(log, line);)
    if (line.find("refused plugin") != std::string::npos) outcome.refusal_lines.push_back(line);
  return outcome;
}

// `broken` lies beside the good "counting" plugin: it is refused for `expected_problem`, logged
// once with its file name, and "counting" loads regardless.
void expect_refused_beside_good_plugin(TestPluginDir& dir, const fs::path& broken,
                                       const std::string& expected_problem) {
  dir.add("counting");
  const ScanOutcome outcome = scan_capturing_log(dir.path());

  ASSERT_EQ(outcome.registry.refused().size(), 1u);
  EXPECT_EQ(outcome.registry.refused()[0].file, broken);
  EXPECT_THAT(outcome.registry.refused()[0].reason, HasSubstr(expected_problem));
  ASSERT_EQ(outcome.refusal_lines.size(), 1u);
  EXPECT_THAT(outcome.refusal_lines[0], HasSubstr(broken.string()));
  EXPECT_THAT(outcome.refusal_lines[0], HasSubstr(expected_problem));
  ASSERT_EQ(outcome.registry.plugins().size(), 1u);
  EXPECT_EQ(outcome.registry.plugins()[0]->name(), "counting");
}

std::string host_abi() {
  return "ABI " + std::to_string(ERPB_ABI_VERSION_MAJOR) + "." +
         std::to_string(ERPB_ABI_VERSION_MINOR);
}

TEST(PluginRefusal, TextFileNamedLikeALibraryIsNotASharedLibrary) {
  TestPluginDir dir;
  const auto file = dir.write("not_a_library.so", "this is a text file, not a library\n");
  expect_refused_beside_good_plugin(dir, file, "not a shared library (no ELF header)");
}

TEST(PluginRefusal, EmptyFileIsNotASharedLibrary) {
  TestPluginDir dir;
  const auto file = dir.write("empty.so", "");
  expect_refused_beside_good_plugin(dir, file, "not a shared library");
}

TEST(PluginRefusal, TruncatedLibraryIsRefusedBeforeTheLoaderMapsIt) {
  TestPluginDir dir;
  const auto size = fs::file_size(abi_testing::built_plugin("counting"));
  const auto file = dir.add_truncated("counting", "truncated.so", size / 2);
  expect_refused_beside_good_plugin(dir, file, "truncated or corrupt shared library");
}

TEST(PluginRefusal, LibraryCutInsideItsElfHeaderIsRefused) {
  TestPluginDir dir;
  const auto file = dir.add_truncated("counting", "cut.so", 40);
  expect_refused_beside_good_plugin(dir, file,
                                    "truncated or corrupt shared library (ELF header cut short)");
}

TEST(PluginRefusal, LibraryCutInsideItsHeadersIsRefused) {
  TestPluginDir dir;
  const auto file = dir.add_truncated("counting", "header_only.so", 100);
  expect_refused_beside_good_plugin(dir, file, "truncated or corrupt shared library");
}

TEST(PluginRefusal, LibraryWithoutEntryPointIsRefusedWithoutRunningAnyOfItsCode) {
  TestPluginDir dir;
  const auto file = dir.add("no_entry");
  unsetenv("ERPBRIDGE_NO_ENTRY_WAS_LOADED");
  expect_refused_beside_good_plugin(dir, file,
                                    "no entry point: the library does not export "
                                    "erpbridge_plugin_entry");
  EXPECT_EQ(std::getenv("ERPBRIDGE_NO_ENTRY_WAS_LOADED"), nullptr)
      << "the library's static constructor ran: it was loaded before its symbols were checked";
}

TEST(PluginRefusal, EntryReturningNullIsRefused) {
  TestPluginDir dir;
  const auto file = dir.add("entry_returns_null");
  expect_refused_beside_good_plugin(
      dir, file, "entry point returned NULL (the plugin declined the host's " + host_abi() + ")");
}

TEST(PluginRefusal, EntryThrowingIsRefusedWithTheExceptionText) {
  TestPluginDir dir;
  const auto file = dir.add("entry_throws");
  expect_refused_beside_good_plugin(dir, file,
                                    "entry point threw an exception: entry_throws always throws");
}

TEST(PluginRefusal, OtherMajorVersionIsRefusedNamingBothVersions) {
  TestPluginDir dir;
  const auto file = dir.add("abi_major_mismatch");
  expect_refused_beside_good_plugin(dir, file,
                                    "plugin built for ABI 2.0, host speaks " + host_abi());
}

TEST(PluginRefusal, NewerMinorVersionIsRefusedNamingBothVersions) {
  TestPluginDir dir;
  const auto file = dir.add("abi_minor_newer");
  const std::string plugin_abi = "ABI " + std::to_string(ERPB_ABI_VERSION_MAJOR) + "." +
                                 std::to_string(ERPB_ABI_VERSION_MINOR + 1);
  expect_refused_beside_good_plugin(dir, file,
                                    "plugin built for " + plugin_abi + ", host speaks " +
                                        host_abi() + " (the plugin needs a newer host)");
}

TEST(PluginRefusal, InfoWithGarbageStructSizeIsRefused) {
  TestPluginDir dir;
  const auto file = dir.add("garbage_info");
  expect_refused_beside_good_plugin(dir, file, "invalid plugin info: struct_size 3 is smaller");
}

TEST(PluginRefusal, InfoWithoutARequiredFunctionIsRefused) {
  TestPluginDir dir;
  const auto file = dir.add("null_function");
  expect_refused_beside_good_plugin(dir, file, "invalid plugin info: function deliver is NULL");
}

TEST(PluginRefusal, PluginClaimingAbi11WithThe10SizedInfoIsRefused) {
  TestPluginDir dir;
  const auto file = dir.add("short_1_1_info");
  expect_refused_beside_good_plugin(
      dir, file, "is smaller than the ABI 1.1 size " + std::to_string(kPluginInfoSize_1_1));
}

TEST(PluginRefusal, InvalidNameIsRefused) {
  TestPluginDir dir;
  const auto file = dir.add("bad_name");
  expect_refused_beside_good_plugin(
      dir, file, "invalid plugin name \"Bad Name!\": must be 1 to 64 characters of [a-z0-9_-]");
}

TEST(PluginRefusal, SecondPluginWithATakenNameIsRefusedAndTheFirstInSortedOrderWins) {
  TestPluginDir dir;
  const auto first = dir.add("duplicate_name_a");
  const auto second = dir.add("duplicate_name_b");
  const ScanOutcome outcome = scan_capturing_log(dir.path());

  ASSERT_EQ(outcome.registry.plugins().size(), 1u);
  EXPECT_EQ(outcome.registry.plugins()[0]->file(), first);
  ASSERT_EQ(outcome.registry.refused().size(), 1u);
  EXPECT_EQ(outcome.registry.refused()[0].file, second);
  EXPECT_EQ(outcome.registry.refused()[0].reason,
            "plugin name \"duplicate\" is already taken by " + first.string());
  ASSERT_EQ(outcome.refusal_lines.size(), 1u);
  EXPECT_THAT(outcome.refusal_lines[0], HasSubstr(second.string()));
  EXPECT_FALSE(abi_testing::is_loaded(second)) << "the refused duplicate stayed loaded";
}

TEST(PluginRefusal, EveryBrokenPluginTogetherLeavesTheGoodOnesLoaded) {
  TestPluginDir dir;
  const std::vector<std::string> broken = {
      "no_entry",        "entry_returns_null", "entry_throws",  "abi_major_mismatch",
      "abi_minor_newer", "garbage_info",       "null_function", "bad_name"};
  for (const auto& name : broken) dir.add(name);
  dir.add("counting");
  dir.add("echo");
  dir.write("not_a_library.so", "text\n");

  const ScanOutcome outcome = scan_capturing_log(dir.path());

  EXPECT_EQ(outcome.registry.refused().size(), broken.size() + 1);
  EXPECT_EQ(outcome.refusal_lines.size(), broken.size() + 1);
  ASSERT_EQ(outcome.registry.plugins().size(), 2u);
  EXPECT_NE(outcome.registry.find("counting"), nullptr);
  EXPECT_NE(outcome.registry.find("echo"), nullptr);
}

TEST(PluginLoading, GoodPluginIsListedWithWhatItDeclares) {
  TestPluginDir dir;
  const auto file = dir.add("echo");
  const ScanOutcome outcome = scan_capturing_log(dir.path());

  const auto echo = outcome.registry.find("echo");
  ASSERT_NE(echo, nullptr);
  EXPECT_EQ(echo->version(), "1.2.3");
  EXPECT_EQ(echo->description(), "test adapter that echoes ids");
  EXPECT_EQ(echo->file(), file);
  EXPECT_EQ(echo->abi_major(), ERPB_ABI_VERSION_MAJOR);
  EXPECT_EQ(echo->abi_minor(), ERPB_ABI_VERSION_MINOR);
  EXPECT_TRUE(echo->supports_lookup());
  EXPECT_TRUE(echo->supports_translate_push());
  EXPECT_TRUE(echo->supports_pull());
  EXPECT_TRUE(outcome.registry.refused().empty());
}

TEST(PluginLoading, PluginBuiltForAbi10LoadsWithoutTheSyncBackOperations) {
  TestPluginDir dir;
  dir.add("abi_1_0_plugin");
  const ScanOutcome outcome = scan_capturing_log(dir.path());

  const auto old = outcome.registry.find("abi_1_0_plugin");
  ASSERT_NE(old, nullptr) << (outcome.registry.refused().empty()
                                  ? std::string("not loaded")
                                  : outcome.registry.refused()[0].reason);
  EXPECT_EQ(old->abi_minor(), 0);
  EXPECT_FALSE(old->supports_translate_push());
  EXPECT_FALSE(old->supports_pull());
}

TEST(PluginLoading, LoadFileReportsTheReasonWithoutLogging) {
  TestPluginDir dir;
  const auto file = dir.add("abi_major_mismatch");
  std::string reason;
  ::testing::internal::CaptureStderr();
  const auto plugin = PluginRegistry::load_file(file, reason);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(plugin, nullptr);
  EXPECT_THAT(reason, HasSubstr("plugin built for ABI 2.0"));
}

TEST(PluginLoading, UnreadableDirectoryThrows) {
  TestPluginDir dir;
  EXPECT_THROW(PluginRegistry::scan(dir.path() / "missing"), std::filesystem::filesystem_error);
}

TEST(PluginLoading, FilesWithoutTheLibrarySuffixAreIgnored) {
  TestPluginDir dir;
  dir.write("README.md", "plugins live here\n");
  dir.write("cmake_install.cmake", "# generated\n");
  dir.add("counting");
  const ScanOutcome outcome = scan_capturing_log(dir.path());
  EXPECT_TRUE(outcome.registry.refused().empty());
  EXPECT_TRUE(outcome.refusal_lines.empty());
  EXPECT_EQ(outcome.registry.plugins().size(), 1u);
}

TEST(PluginLoading, SubdirectoriesAreSkipped) {
  TestPluginDir dir;
  fs::create_directory(dir.path() / "nested.so");
  dir.add("counting");
  const ScanOutcome outcome = scan_capturing_log(dir.path());
  EXPECT_TRUE(outcome.registry.refused().empty());
  EXPECT_EQ(outcome.registry.plugins().size(), 1u);
}

}  // namespace
}  // namespace erpbridge::plugin
