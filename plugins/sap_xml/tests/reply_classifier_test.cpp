#include <gtest/gtest.h>

#include "reply_classifier.hpp"
#include "test_helpers.hpp"

namespace erpbridge::sap_xml {
namespace {

using sdk::HttpResponse;
using sdk::ResultClass;
using testing::settings_with;

using testing::answer;

std::string soap11_fault(const std::string& code) {
  return "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
         "<faultcode>s:" +
         code +
         "</faultcode><faultstring>it broke</faultstring></s:Fault>"
         "</s:Body></s:Envelope>";
}

std::string soap12_fault(const std::string& code, const std::string& subcode = "") {
  std::string sub =
      subcode.empty() ? "" : "<e:Subcode><e:Value>x:" + subcode + "</e:Value></e:Subcode>";
  return "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body><e:Fault>"
         "<e:Code><e:Value>e:" +
         code + "</e:Value>" + sub +
         "</e:Code><e:Reason>"
         "<e:Text xml:lang=\"en\">it broke</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>";
}

const char* kCreated =
    "<IDOC_RESPONSE><DOCNUM>0000000000000001</DOCNUM><BELNR>0000100001</BELNR>"
    "<STATUS><TYPE>S</TYPE><MESSAGE>ok</MESSAGE></STATUS></IDOC_RESPONSE>";

ResultClass class_of(const HttpResponse& r, const Settings& s = settings_with(),
                     bool creates = true) {
  return classify_reply(r, s, creates).result_class;
}

TEST(ReplyClassifier, DocumentNumberIsTakenByTheDefaultXPath) {
  auto r = classify_reply(answer(200, kCreated), settings_with(), true);
  EXPECT_EQ(r.result_class, ResultClass::ok);
  EXPECT_EQ(r.details.at("erp_id").as_string(), "0000100001");
}

TEST(ReplyClassifier, DocumentNumberXPathAndPrefixesAreConfigurable) {
  auto s = settings_with(R"({"reply": {"document_number": "/r:Answer/r:Number",
                                       "namespaces": {"r": "urn:erp"}}})");
  auto r = classify_reply(answer(200, "<Answer xmlns=\"urn:erp\"><Number>42</Number></Answer>"), s,
                          true);
  EXPECT_EQ(r.result_class, ResultClass::ok);
  EXPECT_EQ(r.details.at("erp_id").as_string(), "42");
}

TEST(ReplyClassifier, DocumentInsideASoapBodyIsFound) {
  auto r = classify_reply(
      answer(200, std::string("<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\">"
                              "<e:Body>") +
                      kCreated + "</e:Body></e:Envelope>"),
      settings_with(), true);
  EXPECT_EQ(r.details.at("erp_id").as_string(), "0000100001");
}

TEST(ReplyClassifier, Soap11ServerFaultIsRetryable) {
  EXPECT_EQ(class_of(answer(500, soap11_fault("Server"))), ResultClass::retryable);
}

TEST(ReplyClassifier, Soap11ClientFaultIsPermanentWithItsReason) {
  auto r = classify_reply(answer(500, soap11_fault("Client")), settings_with(), true);
  EXPECT_EQ(r.result_class, ResultClass::permanent);
  EXPECT_NE(r.details.at("message").as_string().find("it broke"), std::string::npos);
}

TEST(ReplyClassifier, Soap11DottedFaultCodeUsesItsMainCode) {
  EXPECT_EQ(class_of(answer(500, soap11_fault("Server.Busy"))), ResultClass::retryable);
}

TEST(ReplyClassifier, Soap12ReceiverFaultIsRetryable) {
  EXPECT_EQ(class_of(answer(500, soap12_fault("Receiver"))), ResultClass::retryable);
}

TEST(ReplyClassifier, Soap12SenderFaultIsPermanent) {
  EXPECT_EQ(class_of(answer(400, soap12_fault("Sender"))), ResultClass::permanent);
}

TEST(ReplyClassifier, UnlistedFaultCodeIsPermanent) {
  EXPECT_EQ(class_of(answer(500, soap12_fault("MustUnderstand"))), ResultClass::permanent);
}

TEST(ReplyClassifier, ConfiguredSubcodeOverridesItsCode) {
  auto s = settings_with(R"({"faults": {"retryable": ["Receiver", "Locked"],
                                        "permanent": ["Sender", "NoSuchPlant"]}})");
  EXPECT_EQ(class_of(answer(500, soap12_fault("Sender", "Locked")), s), ResultClass::retryable);
  EXPECT_EQ(class_of(answer(500, soap12_fault("Receiver", "NoSuchPlant")), s),
            ResultClass::permanent);
}

TEST(ReplyClassifier, FaultListsAreConfigurable) {
  auto s = settings_with(R"({"faults": {"retryable": [], "permanent": ["Server"]}})");
  EXPECT_EQ(class_of(answer(500, soap11_fault("Server")), s), ResultClass::permanent);
}

TEST(ReplyClassifier, ErrorStatusRecordIsPermanentWithItsMessage) {
  for (const char* severity : {"E", "A"}) {
    auto r = classify_reply(
        answer(200, std::string("<IDOC_RESPONSE><STATUS><TYPE>") + severity +
                        "</TYPE><MESSAGE>sold-to party 0000000001 does not exist</MESSAGE>"
                        "</STATUS></IDOC_RESPONSE>"),
        settings_with(), true);
    EXPECT_EQ(r.result_class, ResultClass::permanent) << severity;
    EXPECT_NE(r.details.at("message").as_string().find("sold-to party 0000000001"),
              std::string::npos);
  }
}

TEST(ReplyClassifier, WarningStatusRecordIsNotAnError) {
  auto r =
      classify_reply(answer(200,
                            "<IDOC_RESPONSE><BELNR>1</BELNR><STATUS><TYPE>W</TYPE><MESSAGE>note"
                            "</MESSAGE></STATUS></IDOC_RESPONSE>"),
                     settings_with(), true);
  EXPECT_EQ(r.result_class, ResultClass::ok);
}

TEST(ReplyClassifier, HttpStatusesThatAreWorthRetrying) {
  for (int status : {408, 429, 500, 502, 503, 504})
    EXPECT_EQ(class_of(answer(status, "busy")), ResultClass::retryable) << status;
}

TEST(ReplyClassifier, RetryAfterIsPassedOn) {
  auto r = classify_reply(answer(503, "", {{"Retry-After", "7"}}), settings_with(), true);
  EXPECT_EQ(r.details.at("retry_after_ms").as_int64(), 7000);
  EXPECT_EQ(r.details.at("http_status").as_int64(), 503);
}

TEST(ReplyClassifier, RetryAfterAsAnHttpDateAndOverADayIsCappedNotIgnored) {
  // Before the SDK's shared rule, sap_xml ignored HTTP-dates and waits over 24 h.
  auto date = classify_reply(answer(503, "", {{"Retry-After", "Fri, 31 Dec 2100 23:59:59 GMT"}}),
                             settings_with(), true);
  EXPECT_EQ(date.details.at("retry_after_ms").as_int64(), sdk::kMaxRetryAfterMs);
  auto long_wait =
      classify_reply(answer(429, "", {{"Retry-After", "100000"}}), settings_with(), true);
  EXPECT_EQ(long_wait.details.at("retry_after_ms").as_int64(), sdk::kMaxRetryAfterMs);
}

TEST(ReplyClassifier, OtherClientErrorsArePermanent) {
  for (int status : {400, 401, 404, 409, 422})
    EXPECT_EQ(class_of(answer(status, "no")), ResultClass::permanent) << status;
}

HttpResponse through_host(HttpResponse scripted) {
  sdk::testing::FakeHost host;
  host.push(std::move(scripted));
  return host.host().send({});
}

TEST(ReplyClassifier, SentWithoutAnswerIsInDoubt) {
  EXPECT_EQ(class_of(through_host(sdk::testing::no_answer())), ResultClass::in_doubt);
}

TEST(ReplyClassifier, NotSentIsRetryable) {
  EXPECT_EQ(class_of(through_host(sdk::testing::not_sent())), ResultClass::retryable);
}

TEST(ReplyClassifier, UnparseableSuccessIsInDoubt) {
  EXPECT_EQ(class_of(answer(200, "<IDOC_RESPONSE><DOCNUM>")), ResultClass::in_doubt);
  EXPECT_EQ(class_of(answer(200, "")), ResultClass::in_doubt);
}

TEST(ReplyClassifier, SuccessWithoutDocumentNumberIsInDoubtForCreates) {
  const char* body = "<IDOC_RESPONSE><STATUS><TYPE>S</TYPE></STATUS></IDOC_RESPONSE>";
  EXPECT_EQ(class_of(answer(200, body)), ResultClass::in_doubt);
  auto cancel = classify_reply(answer(200, body), settings_with(), false);
  EXPECT_EQ(cancel.result_class, ResultClass::ok);
  EXPECT_TRUE(cancel.details.at("success").as_bool());
}

}  // namespace
}  // namespace erpbridge::sap_xml
