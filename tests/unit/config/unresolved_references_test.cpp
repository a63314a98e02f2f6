// Every failing ${env:..}/${file:..} reference of a file is found in one pass, each reported
// as loading would report it.
#include "config/unresolved_references.hpp"

#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace erpbridge::config {
namespace {

using testing::ScopedEnv;
using testing::TempDir;

TEST(UnresolvedReferences, EveryFailingReferenceIsListedWithItsLineAndKey) {
  ScopedEnv set("ERPB_TEST_SET_TOKEN", "t0ken");
  ScopedEnv first("ERPB_TEST_MISSING_ONE", std::nullopt);
  ScopedEnv second("ERPB_TEST_MISSING_TWO", std::nullopt);
  TempDir dir;
  const auto file = dir.write("t.yaml", R"(tenant: t1
inbound:
  - type: bearer
    token: ${env:ERPB_TEST_SET_TOKEN}
  - type: basic
    username: u
    password: ${env:ERPB_TEST_MISSING_ONE}
connector: rest
connection:
  base_url: http://h
  auth: { type: bearer, token: "${file:secrets/absent}" }
settings:
  events:
    order.created:
      headers: [ "${env:ERPB_TEST_MISSING_TWO}" ]
)");

  const std::vector<ConfigError> errors = unresolved_references(file);

  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].line(), 7);
  EXPECT_EQ(errors[0].key(), "inbound[1].password");
  EXPECT_NE(errors[0].problem().find("ERPB_TEST_MISSING_ONE is not set"), std::string::npos);
  EXPECT_EQ(errors[1].line(), 11);
  EXPECT_EQ(errors[1].key(), "connection.auth.token");
  EXPECT_NE(errors[1].problem().find("secrets/absent"), std::string::npos);
  EXPECT_EQ(errors[2].line(), 15);
  EXPECT_EQ(errors[2].key(), "settings/events/order.created/headers/0");
  EXPECT_NE(errors[2].problem().find("ERPB_TEST_MISSING_TWO is not set"), std::string::npos);
  for (const ConfigError& error : errors) EXPECT_EQ(error.file(), file.string());
}

TEST(UnresolvedReferences, FileWhoseReferencesAllResolveHasNone) {
  ScopedEnv set("ERPB_TEST_SET_TOKEN", "t0ken");
  TempDir dir;
  const auto file =
      dir.write("t.yaml",
                "tenant: t1\ninbound: [{type: bearer, token: \"${env:ERPB_TEST_SET_TOKEN}\"}]\n"
                "note: \"$${env:NOT_A_REFERENCE}\"\n");

  EXPECT_TRUE(unresolved_references(file).empty());
}

TEST(UnresolvedReferences, UnparsableFileIsLeftToTheLoader) {
  TempDir dir;
  const auto file = dir.write("t.yaml", "tenant: [unclosed\n");

  EXPECT_TRUE(unresolved_references(file).empty());
}

}  // namespace
}  // namespace erpbridge::config
