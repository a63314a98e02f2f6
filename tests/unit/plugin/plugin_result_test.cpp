// A plugin's result JSON is outside input: each class maps, and anything malformed becomes a
// permanent failure that says what the plugin did wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin/plugin_result.hpp"

namespace erpbridge::plugin {
namespace {

using ::testing::HasSubstr;

DeliveryResult parse(erpb_result_class cls, const std::string& json) {
  return parse_plugin_result(cls, json.data(), json.size());
}

TEST(PluginResult, OkCreateCarriesErpIdLineIdsAndStatus) {
  const auto r = parse(ERPB_RESULT_OK,
                       R"({"erp_id": "SO-1", "line_erp_ids": {"L1": "SOL-1", "L2": "SOL-2"},
                           "http_status": 201, "unknown_future_field": [1]})");
  EXPECT_EQ(r.result_class, ResultClass::ok);
  EXPECT_EQ(r.erp_id, "SO-1");
  EXPECT_EQ(r.line_erp_ids, (std::map<std::string, std::string>{{"L1", "SOL-1"}, {"L2", "SOL-2"}}));
  EXPECT_EQ(r.http_status, 201);
}

TEST(PluginResult, OkWithSuccessFlagOrFoundIsAccepted) {
  EXPECT_EQ(parse(ERPB_RESULT_OK, R"({"success": true})").success, true);
  EXPECT_EQ(parse(ERPB_RESULT_OK, R"({"found": false})").found, false);
}

TEST(PluginResult, OkWithNothingToShowIsPermanent) {
  const auto r = parse(ERPB_RESULT_OK, R"({"message": "done"})");
  EXPECT_EQ(r.result_class, ResultClass::permanent);
  EXPECT_EQ(r.message, "plugin reported ok without erp_id, success or found");
}

TEST(PluginResult, EachFailureClassMapsWithItsDetails) {
  const std::pair<erpb_result_class, ResultClass> classes[] = {
      {ERPB_RESULT_INVALID, ResultClass::invalid},
      {ERPB_RESULT_RETRYABLE, ResultClass::retryable},
      {ERPB_RESULT_PERMANENT, ResultClass::permanent},
      {ERPB_RESULT_IN_DOUBT, ResultClass::in_doubt},
  };
  for (const auto& [c_class, host_class] : classes) {
    const auto r = parse(c_class, R"({"message": "ERP said no", "http_status": 503,
                                      "retry_after_ms": 1500, "body_excerpt": "busy"})");
    EXPECT_EQ(r.result_class, host_class);
    EXPECT_EQ(r.message, "ERP said no");
    EXPECT_EQ(r.http_status, 503);
    EXPECT_EQ(r.retry_after, std::chrono::milliseconds(1500));
    EXPECT_EQ(r.body_excerpt, "busy");
  }
}

TEST(PluginResult, FailureWithoutAMessageGetsOne) {
  const auto r = parse(ERPB_RESULT_RETRYABLE, "{}");
  EXPECT_EQ(r.result_class, ResultClass::retryable);
  EXPECT_EQ(r.message, "plugin reported retryable without a message");
}

TEST(PluginResult, UnknownResultClassIsPermanent) {
  const auto r = parse(static_cast<erpb_result_class>(7), R"({"erp_id": "X"})");
  EXPECT_EQ(r.result_class, ResultClass::permanent);
  EXPECT_EQ(r.message, "plugin returned an unknown result class 7");
  EXPECT_FALSE(r.erp_id);
}

TEST(PluginResult, InvalidJsonIsPermanent) {
  for (const std::string text : {"", "{", "not json", "{\"erp_id\": \"\xff\"}"}) {
    const auto r = parse(ERPB_RESULT_OK, text);
    EXPECT_EQ(r.result_class, ResultClass::permanent) << text;
    EXPECT_THAT(r.message, HasSubstr("plugin returned invalid result JSON")) << text;
  }
}

TEST(PluginResult, NullBufferIsInvalidJson) {
  const auto r = parse_plugin_result(ERPB_RESULT_OK, nullptr, 0);
  EXPECT_EQ(r.result_class, ResultClass::permanent);
  EXPECT_THAT(r.message, HasSubstr("invalid result JSON"));
}

TEST(PluginResult, JsonThatIsNotAnObjectIsPermanent) {
  EXPECT_EQ(parse(ERPB_RESULT_OK, R"(["SO-1"])").message,
            "plugin returned result JSON that is not an object");
}

TEST(PluginResult, FieldOfTheWrongTypeIsPermanentAndNamed) {
  const std::pair<std::string, std::string> cases[] = {
      {R"({"erp_id": 42})", "erp_id must be a string"},
      {R"({"erp_id": ""})", "erp_id must not be empty"},
      {R"({"success": "yes"})", "success must be true or false"},
      {R"({"erp_id": "A", "line_erp_ids": {"L1": 5}})", "line_erp_ids.L1 must be a non-empty"},
      {R"({"erp_id": "A", "line_erp_ids": []})", "line_erp_ids must be an object"},
      {R"({"erp_id": "A", "http_status": 42})", "http_status must be 0 or an HTTP status code"},
      {R"({"erp_id": "A", "http_status": 201.5})", "http_status must be 0 or an HTTP status"},
      {R"({"erp_id": "A", "retry_after_ms": -1})", "retry_after_ms must be a non-negative"},
      {R"({"erp_id": "A", "message": {}})", "message must be a string"},
      {R"({"erp_id": "A", "body_excerpt": 1})", "body_excerpt must be a string"},
  };
  for (const auto& [json, problem] : cases) {
    const auto r = parse(ERPB_RESULT_OK, json);
    EXPECT_EQ(r.result_class, ResultClass::permanent) << json;
    EXPECT_THAT(r.message, HasSubstr("plugin returned an invalid result: " + problem)) << json;
  }
}

TEST(PluginResult, NullFieldsCountAsAbsent) {
  const auto r = parse(ERPB_RESULT_OK, R"({"erp_id": "A", "message": null, "found": null})");
  EXPECT_EQ(r.result_class, ResultClass::ok);
  EXPECT_FALSE(r.found);
}

TEST(PluginResult, BodyExcerptIsBounded) {
  const std::string body(10 * kMaxBodyExcerptBytes, 'b');
  const auto r = parse(ERPB_RESULT_PERMANENT, R"({"body_excerpt": ")" + body + R"("})");
  EXPECT_EQ(r.body_excerpt, std::string(kMaxBodyExcerptBytes, 'b'));
}

TEST(PluginResult, BodyExcerptIsCutAtACharacterBoundary) {
  // "é" is two bytes; placed across the bound it must go entirely.
  const std::string body = std::string(kMaxBodyExcerptBytes - 1, 'a') + "\xc3\xa9" + "zzz";
  const auto r = parse(ERPB_RESULT_PERMANENT, R"({"body_excerpt": ")" + body + R"("})");
  EXPECT_EQ(r.body_excerpt, std::string(kMaxBodyExcerptBytes - 1, 'a'));
}

TEST(PluginResult, MessageIsBounded) {
  const auto r =
      parse(ERPB_RESULT_PERMANENT, R"({"message": ")" + std::string(5000, 'm') + R"("})");
  EXPECT_EQ(r.message.size(), kMaxMessageBytes);
}

TEST(LookupResult, FoundNeedsAnErpId) {
  DeliveryResult found_nothing;
  found_nothing.found = true;
  EXPECT_EQ(check_lookup_result(found_nothing).result_class, ResultClass::permanent);
  DeliveryResult no_found_flag;
  no_found_flag.erp_id = "A";
  EXPECT_EQ(check_lookup_result(no_found_flag).result_class, ResultClass::permanent);
  DeliveryResult not_found;
  not_found.found = false;
  EXPECT_EQ(check_lookup_result(not_found).result_class, ResultClass::ok);
  EXPECT_EQ(check_lookup_result(DeliveryResult::failure(ResultClass::retryable, "x")).result_class,
            ResultClass::retryable);
}

TEST(SettingsError, KeyAndMessageAreRead) {
  const auto e =
      parse_settings_error(R"({"key": "/events/order.created/path", "message": "bad"})", "rest");
  EXPECT_EQ(e.pointer, "/events/order.created/path");
  EXPECT_EQ(e.message, "bad");
}

TEST(SettingsError, DottedKeyBecomesAPointer) {
  EXPECT_EQ(parse_settings_error(R"({"key": "auth.user", "message": "m"})", "p").pointer,
            "/auth/user");
  EXPECT_EQ(settings_key_to_pointer("a~b.c/d"), "/a~0b/c~1d");
  EXPECT_EQ(settings_key_to_pointer(""), "");
}

TEST(SettingsError, UnreadableReportStillNamesThePlugin) {
  const auto e = parse_settings_error("oops", "rest");
  EXPECT_EQ(e.pointer, "");
  EXPECT_EQ(e.message, "plugin rest refused the settings (its error report is not a JSON object)");
  EXPECT_EQ(parse_settings_error("", "rest").message, "plugin rest refused the settings");
}

}  // namespace
}  // namespace erpbridge::plugin
