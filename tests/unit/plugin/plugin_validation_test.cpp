// What an entry point returns is checked field by field, versions first.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin/plugin_validation.hpp"

namespace erpbridge::plugin {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

erpb_connector* fake_create(const erpb_host_api*, erpb_host_ctx*, erpb_str, erpb_buffer*) {
  return nullptr;
}
void fake_destroy(erpb_connector*) {}
erpb_result_class fake_deliver(erpb_connector*, erpb_str, erpb_buffer*) {
  return ERPB_RESULT_OK;
}
void fake_release(char*) {}

erpb_plugin_info valid_info() {
  return {sizeof(erpb_plugin_info),
          1,
          0,
          "rest",
          "1.0.0",
          "generic REST",
          fake_create,
          fake_destroy,
          fake_deliver,
          nullptr,
          fake_release,
          nullptr,
          nullptr,
          nullptr};
}

const erpb_host_offer kHost10{sizeof(erpb_host_offer), 1, 0};
const erpb_host_offer kHost13{sizeof(erpb_host_offer), 1, 3};

TEST(PluginValidation, ValidInfoPasses) {
  const auto info = valid_info();
  EXPECT_EQ(validate_plugin_info(&info, kHost10), std::nullopt);
}

TEST(PluginValidation, OlderMinorIsAccepted) {
  const auto info = valid_info();  // built for 1.0
  EXPECT_EQ(validate_plugin_info(&info, kHost13), std::nullopt);
}

TEST(PluginValidation, NullInfoNamesTheHostVersion) {
  EXPECT_THAT(
      validate_plugin_info(nullptr, kHost13),
      Optional(HasSubstr("entry point returned NULL (the plugin declined the host's ABI 1.3)")));
}

TEST(PluginValidation, MajorMismatchNamesBothVersions) {
  auto info = valid_info();
  info.abi_major = 2;
  info.abi_minor = 4;
  EXPECT_EQ(validate_plugin_info(&info, kHost13), "plugin built for ABI 2.4, host speaks ABI 1.3");
}

TEST(PluginValidation, NewerMinorNamesBothVersions) {
  auto info = valid_info();
  info.abi_minor = 4;
  EXPECT_EQ(validate_plugin_info(&info, kHost13),
            "plugin built for ABI 1.4, host speaks ABI 1.3 (the plugin needs a newer host)");
}

TEST(PluginValidation, VersionIsJudgedBeforeLayout) {
  // A 2.x plugin may lay its info out differently: its small struct is a version problem.
  auto info = valid_info();
  info.abi_major = 2;
  info.struct_size = kPluginInfoVersionPrefix;
  EXPECT_THAT(validate_plugin_info(&info, kHost10),
              Optional(HasSubstr("plugin built for ABI 2.0")));
}

TEST(PluginValidation, StructTooSmallForTheVersionIsGarbage) {
  auto info = valid_info();
  info.struct_size = 3;
  EXPECT_THAT(
      validate_plugin_info(&info, kHost10),
      Optional(HasSubstr("invalid plugin info: struct_size 3 is smaller than the ABI 1.0 size")));
}

TEST(PluginValidation, StructSmallerThanVersionOneIsRefused) {
  auto info = valid_info();
  info.struct_size = kPluginInfoSize_1_0 - 1;
  EXPECT_THAT(validate_plugin_info(&info, kHost10), Optional(HasSubstr("struct_size")));
}

TEST(PluginValidation, LargerStructFromALaterMinorIsAccepted) {
  auto info = valid_info();
  info.struct_size = kPluginInfoSize_1_0 + 64;
  EXPECT_EQ(validate_plugin_info(&info, kHost10), std::nullopt);
}

TEST(PluginValidation, EachRequiredFunctionMustBeSet) {
  struct Case {
    void (*clear)(erpb_plugin_info&);
    const char* name;
  };
  const Case cases[] = {
      {[](erpb_plugin_info& i) { i.create = nullptr; }, "create"},
      {[](erpb_plugin_info& i) { i.destroy = nullptr; }, "destroy"},
      {[](erpb_plugin_info& i) { i.deliver = nullptr; }, "deliver"},
      {[](erpb_plugin_info& i) { i.release_buffer = nullptr; }, "release_buffer"},
  };
  for (const auto& c : cases) {
    auto info = valid_info();
    c.clear(info);
    EXPECT_EQ(validate_plugin_info(&info, kHost10),
              std::string("invalid plugin info: function ") + c.name + " is NULL");
  }
}

TEST(PluginValidation, LookupIsOptional) {
  const auto info = valid_info();
  ASSERT_EQ(info.lookup, nullptr);
  EXPECT_EQ(validate_plugin_info(&info, kHost10), std::nullopt);
}

TEST(PluginValidation, StringsMustBeSet) {
  auto info = valid_info();
  info.version = nullptr;
  EXPECT_EQ(validate_plugin_info(&info, kHost10), "invalid plugin info: version is NULL");
  info = valid_info();
  info.description = nullptr;
  EXPECT_EQ(validate_plugin_info(&info, kHost10), "invalid plugin info: description is NULL");
  info = valid_info();
  info.name = nullptr;
  EXPECT_EQ(validate_plugin_info(&info, kHost10), "invalid plugin info: name is NULL");
}

TEST(PluginValidation, BadNameIsShownOnOneLine) {
  auto info = valid_info();
  info.name = "two\nlines";
  EXPECT_EQ(validate_plugin_info(&info, kHost10),
            "invalid plugin name \"two?lines\": must be 1 to 64 characters of [a-z0-9_-]");
}

TEST(PluginName, AllowsLowercaseDigitsUnderscoreAndDash) {
  EXPECT_TRUE(is_valid_plugin_name("rest"));
  EXPECT_TRUE(is_valid_plugin_name("sap_xml-2"));
  EXPECT_TRUE(is_valid_plugin_name(std::string(64, 'a').c_str()));
}

TEST(PluginName, RefusesEverythingElse) {
  EXPECT_FALSE(is_valid_plugin_name(nullptr));
  EXPECT_FALSE(is_valid_plugin_name(""));
  EXPECT_FALSE(is_valid_plugin_name("Rest"));
  EXPECT_FALSE(is_valid_plugin_name("re st"));
  EXPECT_FALSE(is_valid_plugin_name("rest.v2"));
  EXPECT_FALSE(is_valid_plugin_name("r\xc3\xa9st"));
  EXPECT_FALSE(is_valid_plugin_name(std::string(65, 'a').c_str()));
}

TEST(HostOffer, SpeaksTheHeaderVersion) {
  const erpb_host_offer offer = host_offer();
  EXPECT_EQ(offer.struct_size, sizeof(erpb_host_offer));
  EXPECT_EQ(offer.abi_major, ERPB_ABI_VERSION_MAJOR);
  EXPECT_EQ(offer.abi_minor, ERPB_ABI_VERSION_MINOR);
}

}  // namespace
}  // namespace erpbridge::plugin
