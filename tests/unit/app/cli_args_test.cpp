// The erpbridge command line's option parsing (core/app/cli_args): every command reads its
// options through it, so a usage mistake is named the same way everywhere.
#include "app/cli_args.hpp"

#include <gtest/gtest.h>

#include "app/exit_codes.hpp"

namespace erpbridge::app {
namespace {

const std::set<std::string> kValues{"config", "tenant"};
const std::set<std::string> kFlags{"json"};

std::string usage_error_of(const std::vector<std::string>& args) {
  try {
    CliArgs cli(args, kValues, kFlags);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(CliArgs, ValuesComeAsTheNextArgumentOrAfterAnEqualsSign) {
  const CliArgs cli({"--config", "a.yaml", "--tenant=p8f3a21"}, kValues, kFlags);
  EXPECT_EQ(cli.value("config"), "a.yaml");
  EXPECT_EQ(cli.value("tenant"), "p8f3a21");
  EXPECT_EQ(cli.value("json"), std::nullopt);
}

TEST(CliArgs, FlagsAndPositionalArgumentsAreKeptApartInOrder) {
  const CliArgs cli({"one.json", "--json", "two.json"}, kValues, kFlags);
  EXPECT_TRUE(cli.flag("json"));
  EXPECT_EQ(cli.positional(), (std::vector<std::string>{"one.json", "two.json"}));
}

TEST(CliArgs, AnUnknownOptionIsAUsageErrorNamingIt) {
  EXPECT_EQ(usage_error_of({"--confg", "a.yaml"}), "unknown option --confg");
}

TEST(CliArgs, AValueOptionAtTheEndNeedsItsValue) {
  EXPECT_EQ(usage_error_of({"--config"}), "option --config needs a value");
}

TEST(CliArgs, AFlagGivenAValueIsAUsageError) {
  EXPECT_EQ(usage_error_of({"--json=yes"}), "option --json takes no value");
}

TEST(CliArgs, AMissingRequiredOptionIsAUsageErrorNamingIt) {
  const CliArgs cli({}, kValues, kFlags);
  try {
    (void)cli.required("config");
    FAIL() << "a missing --config was accepted";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "missing required option --config");
  }
}

TEST(ExitCodes, EachResultClassHasItsDocumentedExitCode) {
  EXPECT_EQ(exit_code_for(ResultClass::ok), 0);
  EXPECT_EQ(exit_code_for(ResultClass::invalid), 3);
  EXPECT_EQ(exit_code_for(ResultClass::retryable), 4);
  EXPECT_EQ(exit_code_for(ResultClass::permanent), 5);
  EXPECT_EQ(exit_code_for(ResultClass::in_doubt), 6);
}

}  // namespace
}  // namespace erpbridge::app
