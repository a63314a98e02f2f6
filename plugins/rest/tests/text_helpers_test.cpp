// The small text helpers: date reformatting, URL encoding, UTF-8 excerpts, JSON strings, and
// the date(), trim(), truncate() mapping helpers.
#include <gtest/gtest.h>

#include "rest_test_support.hpp"
#include "template_string.hpp"
#include "text_encoding.hpp"
#include "timestamp_format.hpp"

namespace erpbridge::rest {
namespace {

using namespace testing;

std::string reformat(const char* timestamp, const char* pattern, const char* zone = "") {
  auto text = reformat_timestamp(timestamp, pattern, zone);
  return text ? *text : "error: " + text.error();
}

TEST(DateHelper, ReformatsRfc3339KeepingItsOffset) {
  EXPECT_EQ(reformat("2026-11-20T10:31:10+05:30", "%Y%m%d"), "20261120");
  EXPECT_EQ(reformat("2026-11-20T10:31:10+05:30", "%d/%m/%y %H:%M:%S %z"),
            "20/11/26 10:31:10 +0530");
  EXPECT_EQ(reformat("2026-11-20T10:31:10.123+05:30", "%a %d %b %Y, %I:%M %p (%Ez)"),
            "Fri 20 Nov 2026, 10:31 AM (+05:30)");
  EXPECT_EQ(reformat("2026-11-20", "%F %T %j"), "2026-11-20 00:00:00 324");
}

TEST(DateHelper, ConvertsToAnotherOffset) {
  EXPECT_EQ(reformat("2026-11-20T02:31:10+05:30", "%FT%TZ", "UTC"), "2026-11-19T21:01:10Z");
  EXPECT_EQ(reformat("2026-12-31T22:00:00Z", "%F %T", "+05:30"), "2027-01-01 03:30:00");
  EXPECT_EQ(reformat("1970-01-01T05:30:00+05:30", "%s"), "0");
}

TEST(DateHelper, RefusesWhatItCannotRead) {
  EXPECT_EQ(reformat("20/11/2026", "%Y"), "error: '20/11/2026' is not an RFC 3339 timestamp");
  EXPECT_EQ(reformat("2026-02-30T00:00:00Z", "%Y"),
            "error: '2026-02-30T00:00:00Z' is not an RFC 3339 timestamp");
  EXPECT_EQ(reformat("2026-11-20T10:31:10", "%Y"),
            "error: '2026-11-20T10:31:10' is not an RFC 3339 timestamp");
  EXPECT_EQ(reformat("2026-11-20", "%Q"), "error: unsupported date directive '%Q'");
}

TEST(UrlEncoding, KeepsOnlyUnreservedCharacters) {
  std::string out;
  percent_encode("a b/c?d=e&f~g.h_i-j é", out);
  EXPECT_EQ(out, "a%20b%2Fc%3Fd%3De%26f~g.h_i-j%20%C3%A9");
}

TEST(Utf8Excerpt, CutsOnCharactersAndMasksBinary) {
  EXPECT_EQ(utf8_excerpt("abcé", 4), "abc");
  EXPECT_EQ(utf8_excerpt("abcé", 5), "abcé");
  EXPECT_EQ(utf8_excerpt(std::string("a\xff"
                                     "b",
                                     3),
                         10),
            "a?b");
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));  // a surrogate
  EXPECT_TRUE(is_valid_utf8("₹ 1307"));
}

std::string json_string(std::string_view text) {
  std::string out;
  return append_checked_json_string(out, text) ? out : "invalid UTF-8";
}

// The writer scans eight bytes at a time: special bytes at every position of a word, and in the
// tail after the last whole word, must be found.
TEST(JsonString, EscapesAndChecksEveryPositionOfLongText) {
  EXPECT_EQ(json_string(""), R"("")");
  EXPECT_EQ(json_string("plain ascii text, 30 bytes long"), R"("plain ascii text, 30 bytes long")");
  for (std::size_t at = 0; at < 19; ++at) {
    std::string text(19, 'x');
    text[at] = '"';
    std::string expected = "\"" + text.substr(0, at) + "\\\"" + text.substr(at + 1) + "\"";
    EXPECT_EQ(json_string(text), expected) << "quote at " << at;
    text[at] = '\x01';
    expected = "\"" + text.substr(0, at) + "\\u0001" + text.substr(at + 1) + "\"";
    EXPECT_EQ(json_string(text), expected) << "control character at " << at;
    text[at] = '\xff';
    EXPECT_EQ(json_string(text), "invalid UTF-8") << "invalid byte at " << at;
  }
  EXPECT_EQ(json_string("back\\slash\ttab\nline ₹ 1307 नमस्ते"),
            R"("back\\slash\ttab\nline ₹ 1307 नमस्ते")");
  EXPECT_EQ(json_string("\x7f and ~ stay as they are"), "\"\x7f and ~ stay as they are\"");
  EXPECT_EQ(json_string("surrogate \xed\xa0\x80"), "invalid UTF-8");
  EXPECT_EQ(json_string("cut short \xe2\x82"), "invalid UTF-8");
}

TEST(TextHelpers, TrimTruncateAndPlurals) {
  boost::json::object settings = parse_object(R"({"format": "xml", "events": {"order.cancelled":
      {"path": "/c", "xml_root": "r"}}})");
  settings["events"].as_object()["order.cancelled"].as_object()["body"] = R"(return {
      trimmed = trim("  a b \n"), cut = truncate("नमस्ते world", 3),
      categories = {"a"}, addresses = {"b"}, boxes = {"c"}, status = {"d", "e"}, address = {"f"},
      statuses = { status = {"g"} },
    })";
  RestAdapter adapter(settings);
  ScriptedErp erp(reply(200, ""));
  adapter.deliver(delivery("order.cancelled"), erp.sender());
  ASSERT_EQ(erp.requests.size(), 1u);
  EXPECT_EQ(erp.requests[0].body,
            R"(<?xml version="1.0" encoding="UTF-8"?><r><address>f</address>)"
            "<addresses><address>b</address></addresses><boxes><box>c</box></boxes>"
            "<categories><category>a</category></categories><cut>नमस</cut><status>d</status>"
            "<status>e</status><statuses><status>g</status></statuses><trimmed>a b</trimmed></r>");
}

}  // namespace
}  // namespace erpbridge::rest
