// `settings:` reaches the connector as JSON with YAML 1.2 core-schema types, references
// resolved, and a line for every key and list element.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "config/tenant_config.hpp"
#include "config_test_support.hpp"

namespace erpbridge::config {
namespace {

using testing::config_error_from;
using testing::ScopedEnv;
using testing::TempDir;

// Five lines of valid tenant before `settings:`, which is therefore line 6.
constexpr const char* kHead = R"(tenant: t1
inbound: [{type: bearer, token: a}]
connector: rest
connection:
  base_url: http://h
)";

class Settings : public ::testing::Test {
 protected:
  TenantConfig load(const std::string& settings_yaml) {
    return load_tenant_config(dir_.write("t.yaml", std::string(kHead) + settings_yaml));
  }
  ConfigError error_for(const std::string& settings_yaml) {
    const auto file = dir_.write("t.yaml", std::string(kHead) + settings_yaml);
    ConfigError e = config_error_from([&] { load_tenant_config(file); });
    EXPECT_EQ(e.file(), file.string());
    return e;
  }

  TempDir dir_;
};

TEST_F(Settings, PlainScalarsKeepTheirCoreSchemaTypesAndQuotedOnesStayStrings) {
  const TenantConfig t = load(R"(settings:
  int: 42
  negative: -7
  hex: 0x1F
  octal: 0o17
  big: 18446744073709551615
  float: 2.50
  exponent: 1e3
  yes_word: yes
  no_word: no
  on_word: on
  t: true
  f: False
  nothing: ~
  empty:
  null_word: null
  quoted_int: "42"
  quoted_bool: 'true'
  quoted_null: "null"
  zip: "01234"
  text: hello world
  block: |
    two
    lines
  list: [1, a, null]
  nested: {a: {b: [true]}}
)");
  const boost::json::value expected = boost::json::parse(R"({
    "int": 42, "negative": -7, "hex": 31, "octal": 15, "big": 18446744073709551615,
    "float": 2.5, "exponent": 1000.0,
    "yes_word": "yes", "no_word": "no", "on_word": "on", "t": true, "f": false,
    "nothing": null, "empty": null, "null_word": null,
    "quoted_int": "42", "quoted_bool": "true", "quoted_null": "null", "zip": "01234",
    "text": "hello world", "block": "two\nlines\n",
    "list": [1, "a", null], "nested": {"a": {"b": [true]}}
  })");
  EXPECT_EQ(t.settings, expected) << boost::json::serialize(t.settings);
  EXPECT_TRUE(t.settings.at("int").is_int64());
  EXPECT_TRUE(t.settings.at("big").is_uint64());
  EXPECT_TRUE(t.settings.at("exponent").is_double());
}

TEST_F(Settings, KeyOrderIsKept) {
  const TenantConfig t = load("settings:\n  z: 1\n  a: 2\n  m: 3\n");
  EXPECT_EQ(boost::json::serialize(t.settings), R"({"z":1,"a":2,"m":3})");
}

TEST_F(Settings, EveryKeyAndListElementHasItsLineByJsonPointer) {
  const TenantConfig t = load(R"(settings:
  events:
    order.created:
      path: /createorder
      lines:
        - sku
        -
          field: qty
  a/b: 1
  m~n: 2
)");
  EXPECT_EQ(t.settings_line, 6);
  const std::map<std::string, int> expected{
      {"/events", 7},
      {"/events/order.created", 8},
      {"/events/order.created/path", 9},
      {"/events/order.created/lines", 10},
      {"/events/order.created/lines/0", 11},
      {"/events/order.created/lines/1", 13},
      {"/events/order.created/lines/1/field", 13},
      {"/a~1b", 14},
      {"/m~0n", 15},
  };
  EXPECT_EQ(t.settings_lines, expected);
}

TEST_F(Settings, LineOfSettingFallsBackToTheNearestParentThenToSettings) {
  const TenantConfig t = load(R"(settings:
  events:
    order.created:
      path: /createorder
)");
  EXPECT_EQ(t.line_of_setting("/events/order.created/path"), 9);
  EXPECT_EQ(t.line_of_setting("/events/order.created/method"), 8);
  EXPECT_EQ(t.line_of_setting("/events/order.cancelled/path"), 7);
  EXPECT_EQ(t.line_of_setting("/unknown"), 6);
  EXPECT_EQ(t.line_of_setting(""), 6);
  EXPECT_EQ(t.line_of_setting("not-a-pointer"), 6);
}

TEST_F(Settings, SettingsErrorIsAConfigErrorAtTheSettingsLine) {
  const TenantConfig t = load("settings:\n  events:\n    order.created: {}\n");
  const ConfigError e = t.settings_error("/events/order.created/path", "required by rest");
  EXPECT_EQ(e.file(), t.file.string());
  EXPECT_EQ(e.line(), 8);
  EXPECT_EQ(e.key(), "settings/events/order.created/path");
  EXPECT_EQ(e.problem(), "required by rest");
}

TEST_F(Settings, ReferencesAreResolvedAndAlwaysGiveStrings) {
  ScopedEnv env("ERPB_TEST_ERP_PIN", "0123");
  dir_.write("secrets/key", "k3y\n");
  const TenantConfig t = load(R"(settings:
  pin: ${env:ERPB_TEST_ERP_PIN}
  headers:
    - "Key ${file:secrets/key}"
  literal: $${env:NOT_EXPANDED}
)");
  EXPECT_EQ(t.settings.at("pin"), boost::json::value("0123"));
  EXPECT_EQ(t.settings.at("headers").at(0), boost::json::value("Key k3y"));
  EXPECT_EQ(t.settings.at("literal"), boost::json::value("${env:NOT_EXPANDED}"));
}

TEST_F(Settings, MissingEnvVarInsideSettingsNamesThePointerAndLine) {
  ScopedEnv env("ERPB_TEST_UNSET_IN_SETTINGS", std::nullopt);
  const ConfigError e = error_for(R"(settings:
  events:
    order.created:
      - password: ${env:ERPB_TEST_UNSET_IN_SETTINGS}
)");
  EXPECT_EQ(e.line(), 9);
  EXPECT_EQ(e.key(), "settings/events/order.created/0/password");
  EXPECT_NE(e.problem().find("ERPB_TEST_UNSET_IN_SETTINGS"), std::string::npos) << e.what();
}

TEST_F(Settings, UnknownKeysInsideSettingsAreLeftToTheConnector) {
  const TenantConfig t = load("settings:\n  anything_goes: 1\n");
  EXPECT_EQ(t.settings.at("anything_goes"), boost::json::value(1));
}

TEST_F(Settings, EmptySettingsIsAnEmptyObject) {
  const TenantConfig t = load("settings:\n");
  EXPECT_EQ(t.settings, boost::json::object());
  EXPECT_EQ(t.settings_line, 6);
}

TEST_F(Settings, SettingsThatAreNotAMapAreAWrongTypeError) {
  const ConfigError e = error_for("settings: [a, b]\n");
  EXPECT_EQ(e.line(), 6);
  EXPECT_EQ(e.key(), "settings");
  EXPECT_NE(e.problem().find("expected a map, got a list"), std::string::npos) << e.what();
}

TEST_F(Settings, DuplicateKeyInsideSettingsIsRejected) {
  const ConfigError e = error_for("settings:\n  a: 1\n  b: 2\n  a: 3\n");
  EXPECT_EQ(e.line(), 9);
  EXPECT_EQ(e.key(), "settings/a");
  EXPECT_NE(e.problem().find("line 7"), std::string::npos) << e.what();
}

TEST_F(Settings, NumberJsonCannotHoldIsRejectedRatherThanMangled) {
  for (const char* value : {"1e999", ".inf", "-.Inf", ".nan", "99999999999999999999999"}) {
    SCOPED_TRACE(value);
    const ConfigError e = error_for(std::string("settings:\n  x: 1\n  n: ") + value + "\n");
    EXPECT_EQ(e.line(), 8);
    EXPECT_EQ(e.key(), "settings/n");
  }
  EXPECT_EQ(load("settings:\n  n: \".inf\"\n").settings.at("n"), boost::json::value(".inf"));
}

TEST_F(Settings, CoreTagsAreHonouredAndOtherTagsRejected) {
  const TenantConfig t = load("settings:\n  s: !!str 42\n  f: !!float 3\n  i: !!int 7\n");
  EXPECT_EQ(t.settings.at("s"), boost::json::value("42"));
  EXPECT_TRUE(t.settings.at("f").is_double());
  EXPECT_EQ(t.settings.at("i"), boost::json::value(7));

  ConfigError e = error_for("settings:\n  i: !!int seven\n");
  EXPECT_EQ(e.line(), 7);
  EXPECT_EQ(e.key(), "settings/i");
  e = error_for("settings:\n  s: !secret x\n");
  EXPECT_EQ(e.line(), 7);
  EXPECT_EQ(e.key(), "settings/s");
}

TEST_F(Settings, NonStringKeyIsRejected) {
  const ConfigError e = error_for("settings:\n  m:\n    [a, b]: 1\n");
  EXPECT_EQ(e.line(), 8);
  EXPECT_EQ(e.key(), "settings/m");
}

TEST_F(Settings, SelfReferencingAliasIsAnErrorNotACrash) {
  const ConfigError e = error_for("settings:\n  loop: &x [1, *x]\n");
  EXPECT_EQ(e.key().rfind("settings/loop", 0), 0u) << e.what();
  EXPECT_NE(e.problem().find("nested more than 64 levels"), std::string::npos) << e.what();
}

TEST_F(Settings, ExponentialAliasFanOutIsAnErrorNotAnOutOfMemory) {
  std::string yaml = "settings:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    yaml += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev + ", " + prev +
            ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev +
            ", " + prev + ", " + prev + "]\n";
  }
  const ConfigError e = error_for(yaml);
  EXPECT_EQ(e.key().rfind("settings/", 0), 0u) << e.what();
  EXPECT_NE(e.problem().find("more than 100000 values"), std::string::npos) << e.what();
}

TEST_F(Settings, AliasedLongStringsCannotExpandBeyondTheBudget) {
  std::string yaml = "settings:\n  big: &b \"" + std::string(1 << 20, 'x') + "\"\n  copies: [";
  for (int i = 0; i < 70; ++i) yaml += "*b, ";
  yaml += "*b]\n";
  const ConfigError e = error_for(yaml);
  EXPECT_EQ(e.line(), 7);  // yaml-cpp gives an alias the line of its anchor
  EXPECT_EQ(e.key().rfind("settings/copies/", 0), 0u) << e.what();
  EXPECT_NE(e.problem().find("more than 64 MiB"), std::string::npos) << e.what();
}

}  // namespace
}  // namespace erpbridge::config
