#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <erpbridge/connector.hpp>
#include <erpbridge/fake_host.hpp>

#include "tryton_settings.hpp"

namespace erpbridge::tryton {
namespace {

namespace json = boost::json;

json::object minimal() {
  return json::parse(R"({"database":"erp","login":"admin","password":"pw-12345678"})").as_object();
}

// The JSON pointer of the SettingsError `settings` raise.
std::string error_key(const json::object& settings, std::string* message = nullptr) {
  try {
    parse_tryton_settings(settings);
  } catch (const sdk::SettingsError& e) {
    if (message) *message = e.what();
    return e.key;
  }
  return "(accepted)";
}

TEST(TrytonSettingsTest, MinimalSettingsTakeTheDocumentedDefaults) {
  auto s = parse_tryton_settings(minimal());
  EXPECT_EQ(s.path(), "/erp/");
  EXPECT_EQ(s.company, 1);
  EXPECT_EQ(s.language, "en");
  EXPECT_TRUE(s.workflow.quote);
  EXPECT_TRUE(s.workflow.confirm);
  EXPECT_EQ(s.currency, CurrencySource::order);
  EXPECT_EQ(s.cancel_processing, ProcessingCancel::refuse);
  EXPECT_EQ(json::serialize(s.context()), R"({"company":1,"language":"en"})");
}

TEST(TrytonSettingsTest, EverySettingIsRead) {
  auto o = minimal();
  o["company"] = 2;
  o["language"] = "fr_FR";
  o["workflow"] = json::object{{"quote", true}, {"confirm", false}};
  o["party_code_prefix"] = "CU-";
  o["country_codes"] = json::object{{"India", "IN"}};
  o["default_country"] = "IN";
  o["currency"] = "company";
  o["unit"] = "u";
  o["payment_term"] = 1;
  o["shipping_product"] = "SHIP";
  o["cancel_processing"] = "void";
  o["timeout_ms"] = 5000;
  auto s = parse_tryton_settings(o);
  EXPECT_FALSE(s.workflow.confirm);
  EXPECT_EQ(s.country_codes.at("India"), "IN");
  EXPECT_EQ(std::get<std::string>(s.unit), "u");
  EXPECT_EQ(s.cancel_processing, ProcessingCancel::void_);
  EXPECT_EQ(s.timeout_ms, 5000u);
}

TEST(TrytonSettingsTest, UnknownKeyIsNamedByItsPointer) {
  auto o = minimal();
  o["pasword"] = "x";
  std::string message;
  EXPECT_EQ(error_key(o, &message), "/pasword");
  EXPECT_NE(message.find("unknown setting"), std::string::npos);
  o = minimal();
  o["workflow"] = json::object{{"confrim", true}};
  EXPECT_EQ(error_key(o, &message), "/workflow/confrim");
  EXPECT_NE(message.find("did you mean 'confirm'?"), std::string::npos) << message;
}

TEST(TrytonSettingsTest, MissingRequiredSettingsAreNamed) {
  for (const char* key : {"database", "login", "password"}) {
    auto o = minimal();
    o.erase(key);
    EXPECT_EQ(error_key(o), std::string("/") + key);
  }
}

TEST(TrytonSettingsTest, WrongTypesAreNamed) {
  auto with = [](const char* key, json::value v) {
    auto o = minimal();
    o[key] = std::move(v);
    return error_key(o);
  };
  EXPECT_EQ(with("company", "one"), "/company");  // "1" is 1, as the SDK reads every setting
  EXPECT_EQ(with("company", 0), "/company");
  EXPECT_EQ(with("password", ""), "/password");
  EXPECT_EQ(with("database", "erp/../x"), "/database");
  EXPECT_EQ(with("language", "english"), "/language");
  EXPECT_EQ(with("workflow", true), "/workflow");
  EXPECT_EQ(with("country_codes", json::object{{"India", "india"}}), "/country_codes/India");
  EXPECT_EQ(with("default_country", "IND"), "/default_country");
  EXPECT_EQ(with("currency", "INR"), "/currency");
  EXPECT_EQ(with("unit", 1.5), "/unit");
  EXPECT_EQ(with("cancel_processing", "maybe"), "/cancel_processing");
  EXPECT_EQ(with("timeout_ms", -1), "/timeout_ms");
}

TEST(TrytonSettingsTest, ConfirmWithoutQuoteIsRefused) {
  auto o = minimal();
  o["workflow"] = json::object{{"quote", false}};
  EXPECT_EQ(error_key(o), "/workflow/confirm");
  o["workflow"] = json::object{{"quote", false}, {"confirm", false}};
  EXPECT_EQ(error_key(o), "(accepted)");
}

TEST(TrytonSettingsTest, TheReadmeNamesEveryDeclaredSetting) {
  const std::string readme = sdk::testing::file_text(TRYTON_README);
  ASSERT_FALSE(readme.empty()) << TRYTON_README;
  EXPECT_EQ(sdk::testing::undocumented_settings(readme, tryton_settings_schema()),
            std::vector<std::string>{});
  EXPECT_EQ(sdk::testing::undocumented_settings(readme, pull_settings_schema(), "pull"),
            std::vector<std::string>{});
}

}  // namespace
}  // namespace erpbridge::tryton
