// The SDK's declarative settings reader: one table validates, defaults and describes.
#include <erpbridge/settings.hpp>

#include <gtest/gtest.h>

namespace erpbridge::sdk {
namespace {

const Setting kSchema[] = {
    {.key = "path", .fallback = "/customers", .description = "where customers go"},
    {.key = "company", .required = true, .description = "the ERP company code"},
    {.key = "retries", .type = SettingType::integer, .fallback = 3, .min = 0, .max = 10},
    {.key = "quote", .type = SettingType::boolean, .fallback = false},
    {.key = "format", .choices = {"json", "xml"}},
    {.key = "events", .type = SettingType::mapping},
};

boost::json::value settings(std::string_view json) {
  return boost::json::parse(json);
}

std::vector<SettingProblem> problems(std::string_view json) {
  return check_settings(settings(json), "", kSchema);
}

TEST(SettingsReader, GivenValuesWinAndDefaultsFillTheRest) {
  const auto node = settings(R"({"company": 100, "retries": "5"})");
  SettingsReader reader(node, "", kSchema);
  EXPECT_EQ(reader.string("company"), "100");  // YAML made it a number
  EXPECT_EQ(reader.integer("retries"), 5);     // and this one a string
  EXPECT_EQ(reader.string("path"), "/customers");
  EXPECT_FALSE(reader.boolean("quote"));
  EXPECT_EQ(reader.optional_string("format"), std::nullopt);
}

TEST(SettingsReader, ATypoGetsADidYouMeanHintAtItsPointer) {
  const auto found = problems(R"({"company": "C1", "retires": 2})");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].key, "/retires");
  EXPECT_EQ(found[0].message, "unknown setting 'retires'; did you mean 'retries'?");
}

TEST(SettingsReader, AnUnknownKeyFarFromAnyListsTheKnownOnes) {
  const auto found = problems(R"({"company": "C1", "colour": "blue"})");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("known here: path, company, retries"), std::string::npos);
}

TEST(SettingsReader, EveryProblemIsReportedNotOnlyTheFirst) {
  const auto found = problems(R"({"retries": 11, "quote": "maybe", "format": "csv"})");
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].key, "/retries");
  EXPECT_EQ(found[0].message, "must be a whole number from 0 to 10");
  EXPECT_EQ(found[1].key, "/quote");
  EXPECT_EQ(found[2].message, "must be one of json, xml");
  EXPECT_EQ(found[3].key, "/company");
  EXPECT_EQ(found[3].message, "is required");
}

TEST(SettingsReader, AnEmptyStringIsRefusedUnlessTheSettingAllowsIt) {
  const Setting prefixes[] = {{.key = "prefix", .allow_empty = true}, {.key = "name"}};
  const auto found = check_settings(settings(R"({"prefix": "", "name": ""})"), "", prefixes);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].key, "/name");
  EXPECT_EQ(found[0].message, "must not be empty");
}

TEST(SettingsReader, LikelyMeantFindsTheNearestNameWithinTwoEdits) {
  const std::vector<std::string> names = {"tenant", "connector", "settings"};
  EXPECT_EQ(likely_meant("conector", names), "connector");
  EXPECT_EQ(likely_meant("setings", names), "settings");
  EXPECT_EQ(likely_meant("database", names), "");
}

TEST(SettingsReader, NestedPointersEscapeSlashAndTilde) {
  const Setting path_only[] = {{.key = "path", .required = true}};
  const auto node = settings(R"({"company": "C1", "events": {"a/b~c": {"path": 1.5}}})");
  SettingsReader top(node, "", kSchema);
  const auto events = top.find("events")->as_object();
  try {
    SettingsReader(events.at("a/b~c"), top.at("events") + "/a~1b~0c", path_only);
    FAIL() << "a number was accepted as a path";
  } catch (const SettingsError& e) {
    EXPECT_EQ(e.key, "/events/a~1b~0c/path");
    EXPECT_STREQ(e.what(), "must be a string, not a number");
  }
}

TEST(SettingsReader, TheSchemaDescribesItselfForTheDocs) {
  const auto described = describe_settings(kSchema);
  ASSERT_EQ(described.size(), std::size(kSchema));
  EXPECT_EQ(described[0].as_object().at("default"), "/customers");
  EXPECT_EQ(described[1].as_object().at("required"), true);
  EXPECT_EQ(described[2].as_object().at("type"), "integer");
}

TEST(SettingsReader, TheDescriptionNestsAMappingsFieldsAndMarksFreeNamedKeys) {
  const Setting lookup[] = {{.key = "id", .required = true}};
  const Setting event[] = {{.key = "path"},
                           {.key = "lookup", .type = SettingType::mapping, .fields = lookup}};
  const Setting top[] = {{.key = "events",
                          .type = SettingType::mapping,
                          .fields = event,
                          .each = true,
                          .each_name = "event type"},
                         {.key = "headers", .type = SettingType::mapping}};

  const auto described = describe_settings(top);

  const auto& events = described[0].as_object();
  EXPECT_EQ(events.at("each"), true);
  EXPECT_EQ(events.at("each_name"), "event type");
  const auto& fields = events.at("settings").as_array();
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].as_object().at("key"), "path");
  const auto& nested = fields[1].as_object();
  EXPECT_FALSE(nested.contains("each"));
  EXPECT_EQ(nested.at("settings").as_array()[0].as_object().at("key"), "id");
  EXPECT_EQ(nested.at("settings").as_array()[0].as_object().at("required"), true);
  // A free-form mapping says nothing of its keys.
  EXPECT_FALSE(described[1].as_object().contains("settings"));
  EXPECT_FALSE(described[1].as_object().contains("each"));
}

TEST(SettingsReader, DescribedFieldsDoNotValidateTheMappingTheyDescribe) {
  const Setting event[] = {{.key = "path", .required = true}};
  const Setting top[] = {
      {.key = "events", .type = SettingType::mapping, .fields = event, .each = true}};
  // Only SettingsReader::section or a reader of its own checks a nested mapping.
  EXPECT_TRUE(
      check_settings(settings(R"({"events": {"order.created": {"pat": 1}}})"), "", top).empty());
}

}  // namespace
}  // namespace erpbridge::sdk
