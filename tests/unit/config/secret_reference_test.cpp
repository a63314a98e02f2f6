#include "config/secret_reference.hpp"

#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace erpbridge::config {
namespace {

using testing::config_error_from;
using testing::ScopedEnv;
using testing::TempDir;

ReferenceSite site_in(const std::filesystem::path& dir) {
  return ReferenceSite{"tenant.yaml", 7, "connection.auth.password", dir};
}

TEST(SecretReference, TextWithoutReferencesIsUnchangedAndNotMarkedSecret) {
  const ExpandedText out = expand_references("plain $text {with} braces $", site_in("/"));
  EXPECT_EQ(out.value, "plain $text {with} braces $");
  EXPECT_FALSE(out.has_reference);
}

TEST(SecretReference, EnvReferenceIsReplacedByTheVariablesValue) {
  ScopedEnv env("ERPB_TEST_USER", "alice");
  const ExpandedText out = expand_references("${env:ERPB_TEST_USER}", site_in("/"));
  EXPECT_EQ(out.value, "alice");
  EXPECT_TRUE(out.has_reference);
}

TEST(SecretReference, SeveralReferencesAndTheTextAroundThemAreJoined) {
  ScopedEnv user("ERPB_TEST_USER", "alice");
  ScopedEnv host("ERPB_TEST_HOST", "erp.example");
  EXPECT_EQ(
      expand_references("https://${env:ERPB_TEST_HOST}/u/${env:ERPB_TEST_USER}!", site_in("/"))
          .value,
      "https://erp.example/u/alice!");
}

TEST(SecretReference, DoubleDollarEscapesALiteralReference) {
  ScopedEnv env("ERPB_TEST_USER", "alice");
  const ExpandedText out = expand_references("$${env:ERPB_TEST_USER} and $$ stay", site_in("/"));
  EXPECT_EQ(out.value, "${env:ERPB_TEST_USER} and $$ stay");
  EXPECT_FALSE(out.has_reference);
}

TEST(SecretReference, ResolvedValuesAreNeverExpandedAgain) {
  ScopedEnv outer("ERPB_TEST_OUTER", "${env:ERPB_TEST_INNER}");
  ScopedEnv inner("ERPB_TEST_INNER", "expanded-twice");
  EXPECT_EQ(expand_references("${env:ERPB_TEST_OUTER}", site_in("/")).value,
            "${env:ERPB_TEST_INNER}");
}

TEST(SecretReference, EnvDefaultIsUsedWhenTheVariableIsUnsetOrEmpty) {
  ScopedEnv unset("ERPB_TEST_UNSET", std::nullopt);
  ScopedEnv empty("ERPB_TEST_EMPTY", "");
  ScopedEnv set("ERPB_TEST_SET", "/opt/plugins");
  EXPECT_EQ(expand_references("${env:ERPB_TEST_UNSET:-../plugins}", site_in("/")).value,
            "../plugins");
  EXPECT_EQ(expand_references("${env:ERPB_TEST_EMPTY:-../plugins}", site_in("/")).value,
            "../plugins");
  EXPECT_EQ(expand_references("${env:ERPB_TEST_SET:-../plugins}", site_in("/")).value,
            "/opt/plugins");
}

TEST(SecretReference, FileReferenceStripsExactlyOneTrailingNewline) {
  TempDir dir;
  dir.write("one", "s3cret\n");
  dir.write("two", "s3cret\n\n");
  dir.write("crlf", "s3cret\r\n");
  EXPECT_EQ(expand_references("${file:" + (dir.path() / "one").string() + "}", site_in("/")).value,
            "s3cret");
  EXPECT_EQ(expand_references("${file:two}", site_in(dir.path())).value, "s3cret\n");
  EXPECT_EQ(expand_references("${file:crlf}", site_in(dir.path())).value, "s3cret");
}

TEST(SecretReference, RelativeFilePathResolvesAgainstTheYamlFilesFolder) {
  TempDir dir;
  dir.write("secrets/token", "t0ken");
  const ExpandedText out = expand_references("Bearer ${file:secrets/token}", site_in(dir.path()));
  EXPECT_EQ(out.value, "Bearer t0ken");
  EXPECT_TRUE(out.has_reference);
}

TEST(SecretReference, MissingEnvVarNamesTheVariableAtTheSite) {
  ScopedEnv env("ERPB_TEST_MISSING", std::nullopt);
  const ConfigError e =
      config_error_from([] { expand_references("x${env:ERPB_TEST_MISSING}", site_in("/")); });
  EXPECT_EQ(e.file(), "tenant.yaml");
  EXPECT_EQ(e.line(), 7);
  EXPECT_EQ(e.key(), "connection.auth.password");
  EXPECT_NE(e.problem().find("ERPB_TEST_MISSING"), std::string::npos) << e.what();
}

TEST(SecretReference, UnreadableSecretFileNamesItsResolvedPath) {
  TempDir dir;
  const ConfigError e =
      config_error_from([&] { expand_references("${file:nope/token}", site_in(dir.path())); });
  EXPECT_EQ(e.line(), 7);
  EXPECT_EQ(e.key(), "connection.auth.password");
  EXPECT_NE(e.problem().find((dir.path() / "nope/token").string()), std::string::npos) << e.what();
}

TEST(SecretReference, DirectoryIsNotAReadableSecretFile) {
  TempDir dir;
  const ConfigError e =
      config_error_from([&] { expand_references("${file:.}", site_in(dir.path())); });
  EXPECT_NE(e.problem().find("not a regular file"), std::string::npos) << e.what();
}

TEST(SecretReference, UnterminatedReferenceIsAnError) {
  const ConfigError e = config_error_from([] { expand_references("abc ${env:X", site_in("/")); });
  EXPECT_EQ(e.line(), 7);
  EXPECT_NE(e.problem().find("closing"), std::string::npos) << e.what();
}

TEST(SecretReference, UnknownReferenceKindDoesNotEchoWhatWasBetweenTheBraces) {
  const ConfigError e =
      config_error_from([] { expand_references("${hunter2-typed-here}", site_in("/")); });
  EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
  EXPECT_NE(e.problem().find("${env:NAME}"), std::string::npos) << e.what();
}

TEST(SecretReference, InvalidEnvVariableNameIsAnError) {
  const ConfigError e = config_error_from([] { expand_references("${env:1BAD}", site_in("/")); });
  EXPECT_NE(e.problem().find("not a valid environment variable name"), std::string::npos)
      << e.what();
}

TEST(SecretReference, RepeatedFileReferencesCannotExpandWithoutBound) {
  TempDir dir;
  dir.write("mib", std::string(1 << 20, 's'));
  std::string text;
  for (int i = 0; i < 5; ++i) text += "${file:mib}";
  const ConfigError e = config_error_from([&] { expand_references(text, site_in(dir.path())); });
  EXPECT_EQ(e.line(), 7);
  EXPECT_NE(e.problem().find("more than 4 MiB"), std::string::npos) << e.what();
}

}  // namespace
}  // namespace erpbridge::config
