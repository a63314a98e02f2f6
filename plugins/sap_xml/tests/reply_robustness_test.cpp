// The ERP's replies are outside input: every prefix and a byte-flipped copy of real replies must
// classify without crashing, and never as `ok` without a document number.
#include <gtest/gtest.h>

#include "reply_classifier.hpp"
#include "test_helpers.hpp"

namespace erpbridge::sap_xml {
namespace {

const char* kReplies[] = {
    "<?xml version=\"1.0\"?><IDOC_RESPONSE><DOCNUM>0000000000000001</DOCNUM><BELNR>0000100001"
    "</BELNR><STATUS><TYPE>S</TYPE><MESSAGE>ok</MESSAGE></STATUS></IDOC_RESPONSE>",
    "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
    "<faultcode>s:Server.Busy</faultcode><faultstring>busy</faultstring></s:Fault></s:Body>"
    "</s:Envelope>",
    "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body><e:Fault><e:Code>"
    "<e:Value>e:Sender</e:Value><e:Subcode><e:Value>x:Locked</e:Value></e:Subcode></e:Code>"
    "<e:Reason><e:Text xml:lang=\"en\">no</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>",
    "<!DOCTYPE r [<!ENTITY x \"y\">]><r>&x;</r>",
};

void classify_all_ways(const std::string& body, const Settings& settings) {
  for (int status : {200, 500}) {
    const sdk::HttpResponse response = testing::answer(status, body);
    for (bool creates : {true, false}) {
      auto r = classify_reply(response, settings, creates);
      if (r.result_class == sdk::ResultClass::ok && creates) {
        ASSERT_TRUE(r.details.contains("erp_id")) << body;
        ASSERT_FALSE(r.details.at("erp_id").as_string().empty()) << body;
      }
    }
  }
}

TEST(ReplyRobustness, EveryPrefixOfARealReplyIsClassified) {
  const Settings settings = testing::settings_with();
  for (const std::string reply : kReplies)
    for (std::size_t n = 0; n <= reply.size(); ++n) classify_all_ways(reply.substr(0, n), settings);
}

TEST(ReplyRobustness, ByteFlippedRepliesAreClassified) {
  const Settings settings = testing::settings_with();
  for (const std::string reply : kReplies) {
    for (std::size_t i = 0; i < reply.size(); ++i) {
      std::string flipped = reply;
      flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
      classify_all_ways(flipped, settings);
    }
  }
}

TEST(ReplyRobustness, DoctypeRepliesAreNotTrusted) {
  const auto response =
      testing::answer(200, "<!DOCTYPE r [<!ENTITY x \"1\">]><r><BELNR>&x;</BELNR></r>");
  EXPECT_EQ(classify_reply(response, testing::settings_with(), true).result_class,
            sdk::ResultClass::in_doubt);
}

}  // namespace
}  // namespace erpbridge::sap_xml
