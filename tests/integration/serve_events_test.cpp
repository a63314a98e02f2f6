// POST /v1/events: 202 with a status URL, idempotency by event_id, Prefer: wait, and Standard
// Webhooks signatures for a tenant that lists signing secrets.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>

#include <boost/json.hpp>

#include <sstream>

#include "serve_fixture.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;

using ServeEventsTest = ServeTest;

TEST_F(ServeEventsTest, EventIsAcceptedWithAStatusUrlAndThenDelivered) {
  HttpReply r = post_json("/v1/events", envelope("customer.created"), bearer_auth());
  ASSERT_EQ(r.status, 202) << r.body;
  json::object accepted = r.json();
  EXPECT_EQ(accepted.at("event_id"), "evt_01HZX3K7Q2C8M5");
  EXPECT_EQ(accepted.at("status"), "queued");
  EXPECT_EQ(accepted.at("status_url"), "/v1/events/evt_01HZX3K7Q2C8M5");
  EXPECT_EQ(r.header("location"), "/v1/events/evt_01HZX3K7Q2C8M5");

  json::object status = final_status("evt_01HZX3K7Q2C8M5", bearer_auth());
  EXPECT_EQ(status.at("state"), "delivered") << json::serialize(status);
  EXPECT_EQ(status.at("attempts"), 1);
  EXPECT_EQ(status.at("last_class"), "ok");
  EXPECT_TRUE(status.contains("last_error"));
  EXPECT_TRUE(status.at("accepted_at").as_string().ends_with("Z"));
  const std::string erp_id(status.at("erp_id").as_string());
  EXPECT_TRUE(erp_->state().at("customers").as_object().contains(erp_id));
}

TEST_F(ServeEventsTest, DuplicateEventIsAnsweredWithItsStatusNotAcceptedAgain) {
  ASSERT_EQ(post_json("/v1/events", envelope("customer.created"), bearer_auth()).status, 202);
  final_status("evt_01HZX3K7Q2C8M5", bearer_auth());
  HttpReply again = post_json("/v1/events", envelope("customer.created"), basic_auth());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("state"), "delivered");
  EXPECT_EQ(erp_->requests_to("/createcustomer").size(), 1u);
  const std::string metrics = http("GET", "/metrics", "", admin_auth()).body;
  EXPECT_EQ(events_total(metrics, "p8f3a21", "customer.created", "accepted"), 1);
  EXPECT_EQ(events_total(metrics, "p8f3a21", "customer.created", "duplicate"), 1);
}

TEST_F(ServeEventsTest, PreferWaitAnswersWithTheFinalStatus) {
  HttpReply r = post_json("/v1/events", envelope("customer.created"),
                          bearer_auth() + HeaderList{{"Prefer", "respond-async, wait=10"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("state"), "delivered");
  EXPECT_FALSE(r.json().at("erp_id").as_string().empty());
  EXPECT_EQ(r.json().at("result").at("class"), "ok");
}

TEST_F(ServeEventsTest, PreferWaitOnAnEventThatCannotBeDeliveredYetIs202) {
  // An order whose customer is not in the ERP waits for it: not done within one second.
  HttpReply r = post_json("/v1/events", envelope("order.created"),
                          bearer_auth() + HeaderList{{"Prefer", "wait=1"}});
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.json().at("status"), "queued");
  // Once its customer arrives, it goes through.
  ASSERT_EQ(post_json("/v1/events", envelope("customer.created"), bearer_auth()).status, 202);
  EXPECT_EQ(final_status("evt_01HZX3M1V9D4T7", bearer_auth()).at("state"), "delivered");
}

// --- Standard Webhooks signatures (tenant psigned1) ---------------------------------------

std::string decode_secret(const std::string& secret) {
  std::istringstream in(secret.substr(std::string("whsec_").size()));
  Poco::Base64Decoder decoder(in);
  return std::string(std::istreambuf_iterator<char>(decoder), {});
}

// Written from the Standard Webhooks specification, independently of the server's code.
std::string signature(const std::string& secret, const std::string& id, const std::string& ts,
                      const std::string& body) {
  const std::string key = decode_secret(secret);
  const std::string message = id + "." + ts + "." + body;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(reinterpret_cast<const char*>(digest), length);
  encoder.close();
  return "v1," + out.str();
}

class SignedEventsTest : public ServeTest {
 protected:
  std::string body() const {
    return json::serialize(envelope("customer.created", "-signed", "psigned1"));
  }
  static std::string now(long offset_s = 0) {
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count() +
                          offset_s);
  }
  HttpReply post_signed(const std::string& body, const std::string& ts,
                        const std::string& signatures,
                        const HeaderList& auth = bearer_auth(creds::kSignedBearer)) {
    return http("POST", "/v1/events", body,
                auth + HeaderList{{"webhook-id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"},
                                  {"webhook-timestamp", ts},
                                  {"webhook-signature", signatures}});
  }
  std::string sign(const std::string& secret, const std::string& ts, const std::string& b) {
    return signature(secret, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", ts, b);
  }
};

TEST_F(SignedEventsTest, AValidSignatureIsAccepted) {
  const std::string b = body(), ts = now();
  HttpReply r = post_signed(b, ts, sign(creds::kWebhookNew, ts, b));
  EXPECT_EQ(r.status, 202) << r.body;
}

TEST_F(SignedEventsTest, ASignatureOverAnotherBodyIs401) {
  const std::string b = body(), ts = now();
  std::string tampered = b;
  tampered.replace(tampered.find("Asha"), 4, "Eve!");
  HttpReply r = post_signed(tampered, ts, sign(creds::kWebhookNew, ts, b));
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.json().at("error").at("code"), "invalid_signature");
  EXPECT_EQ(
      http("GET", "/v1/events/evt_01HZX3K7Q2C8M5-signed", "", bearer_auth(creds::kSignedBearer))
          .status,
      404);
}

TEST_F(SignedEventsTest, AnExpiredTimestampIs401) {
  const std::string b = body(), ts = now(-600);
  HttpReply r = post_signed(b, ts, sign(creds::kWebhookNew, ts, b));
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_NE(r.json().at("error").at("message").as_string().find("tolerance"), std::string::npos);
}

TEST_F(SignedEventsTest, OldAndNewKeysBothWorkDuringARotation) {
  const std::string b = body(), ts = now();
  EXPECT_EQ(post_signed(b, ts, sign(creds::kWebhookOld, ts, b)).status, 202);
  // A sender signing with both keys (one of them unknown to us) passes as well.
  const std::string b2 = json::serialize(envelope("customer.created", "-rotated", "psigned1"));
  const std::string unknown = "whsec_dW5rbm93bi1rZXktbm90LWNvbmZpZ3VyZWQ=";
  EXPECT_EQ(
      post_signed(b2, ts, sign(unknown, ts, b2) + " " + sign(creds::kWebhookNew, ts, b2)).status,
      202);
  EXPECT_EQ(post_signed(b2, ts, sign(unknown, ts, b2)).status, 401);
}

TEST_F(SignedEventsTest, MissingSignatureHeadersAre401) {
  HttpReply r = post_json("/v1/events", envelope("customer.created", "", "psigned1"),
                          bearer_auth(creds::kSignedBearer));
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.json().at("error").at("code"), "invalid_signature");
}

TEST_F(SignedEventsTest, ASignatureDoesNotReplaceTheCredential) {
  const std::string b = body(), ts = now();
  HttpReply r = post_signed(b, ts, sign(creds::kWebhookNew, ts, b), {});
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(r.json().at("error").at("code"), "unauthorized");
}

TEST_F(SignedEventsTest, TenantsWithoutSecretsNeedNoSignature) {
  EXPECT_EQ(post_json("/v1/events", envelope("customer.created"), bearer_auth()).status, 202);
}

}  // namespace
}  // namespace erpbridge::testing
