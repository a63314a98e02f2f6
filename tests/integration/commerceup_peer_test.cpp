// The Commerceup open-API test peer (tests/peers/commerceup) holds sync-back tests to
// Commerceup's documented contract, so it must refuse what Commerceup refuses.
#include <gtest/gtest.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>

#include <boost/json.hpp>

#include <sstream>

#include "support/commerceup_peer.hpp"

namespace erpbridge::testing {
namespace {

namespace json = boost::json;

struct Reply {
  int status = 0;
  json::value body;
};

class CommerceupPeerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    peer_ = new CommerceupPeer({{"proj-a", "key-a"}, {"proj-b", "key-b"}});
  }
  static void TearDownTestSuite() {
    delete peer_;
    peer_ = nullptr;
  }
  void SetUp() override { peer_->reset(); }

  static Reply post(const std::string& path, const std::string& body,
                    const std::string& api_key = "key-a") {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(peer_->port()));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    if (!api_key.empty()) request.set("x-api-key", api_key);
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::ostringstream text;
    Poco::StreamCopier::copyStream(session.receiveResponse(response), text);
    return {static_cast<int>(response.getStatus()), json::parse(text.str())};
  }

  static std::string message(const Reply& reply) {
    return std::string(reply.body.at("message").as_string());
  }

  static CommerceupPeer* peer_;
};
CommerceupPeer* CommerceupPeerTest::peer_ = nullptr;

constexpr const char* kStock =
    R"({"inventory":[{"sku":"A","quantity":5},{"sku":"B","quantity":2}]})";

TEST_F(CommerceupPeerTest, UnknownProjectHashIsNotFound) {
  EXPECT_EQ(post("/v1/proj-x/bulkinventory", kStock).status, 404);
}

TEST_F(CommerceupPeerTest, MissingOrWrongApiKeyIsUnauthorized) {
  EXPECT_EQ(post("/v1/proj-a/bulkinventory", kStock, "").status, 401);
  // Another project's key opens only that project.
  EXPECT_EQ(post("/v1/proj-a/bulkinventory", kStock, "key-b").status, 401);
  EXPECT_TRUE(peer_->state().at("proj-a").at("inventory").as_object().empty());
}

TEST_F(CommerceupPeerTest, BadBodiesAreRefusedNamingTheField) {
  auto reply = post("/v1/proj-a/bulkinventory", R"({"inventory":[{"sku":"A","quantity":2.5}]})");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(message(reply).rfind("inventory[0].quantity", 0), 0u) << message(reply);

  reply = post("/v1/proj-a/bulkinventory", R"({"inventory":[{"sku":"A","quantity":-1}]})");
  EXPECT_EQ(message(reply).rfind("inventory[0].quantity", 0), 0u) << message(reply);

  reply = post("/v1/proj-a/bulkinventory",
               R"({"inventory":[{"sku":"A","quantity":1},{"sku":"A","quantity":2}]})");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(message(reply).rfind("inventory[1].sku", 0), 0u) << message(reply);

  reply = post("/v1/proj-a/bulkincrementinventory", R"({"inventory":[{"sku":"A","quantity":0}]})");
  EXPECT_EQ(message(reply).rfind("inventory[0].quantity", 0), 0u) << message(reply);

  reply = post("/v1/proj-a/orderstatus", R"({"orderId":"CU-1","status":"Lost"})");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(message(reply).rfind("status", 0), 0u) << message(reply);

  reply = post("/v1/proj-a/orderstatus",
               R"({"orderId":"CU-1","status":"Shipped","items":[{"sku":"A","quantity":0}]})");
  EXPECT_EQ(message(reply).rfind("items[0].quantity", 0), 0u) << message(reply);

  reply = post("/v1/proj-a/bulklinkproduct", R"({"products":[{"sku":"A"}]})");
  EXPECT_EQ(message(reply).rfind("products[0].remoteId", 0), 0u) << message(reply);

  reply = post("/v1/proj-a/inventory", "not json");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(message(reply).rfind("body", 0), 0u) << message(reply);

  EXPECT_TRUE(peer_->state().at("proj-a").at("inventory").as_object().empty());
}

TEST_F(CommerceupPeerTest, BulkSetsAbsoluteStockAndIncrementsAddToIt) {
  ASSERT_EQ(post("/v1/proj-a/bulkinventory", kStock).status, 200);
  auto reply = post("/v1/proj-a/bulkincrementinventory",
                    R"({"inventory":[{"sku":"A","quantity":-2},{"sku":"C","quantity":4}]})");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, json::parse(R"({"status":"success"})"));
  ASSERT_EQ(post("/v1/proj-a/inventory", R"({"sku":"B","quantity":9})").status, 200);

  const auto state = peer_->state();
  EXPECT_EQ(state.at("proj-a").at("inventory"), json::parse(R"({"A":3,"B":9,"C":4})"));
  EXPECT_TRUE(state.at("proj-b").at("inventory").as_object().empty());
}

TEST_F(CommerceupPeerTest, OrderStatusKeepsEachOrdersHistoryInArrivalOrder) {
  ASSERT_EQ(post("/v1/proj-b/orderstatus", R"({"orderId":"CU-7","status":"Shipped",
      "items":[{"sku":"A","quantity":1}]})",
                 "key-b")
                .status,
            200);
  ASSERT_EQ(
      post("/v1/proj-b/orderstatus", R"({"orderId":"CU-7","status":"Delivered"})", "key-b").status,
      200);
  EXPECT_EQ(peer_->state().at("proj-b").at("orders"),
            json::parse(R"({"CU-7":["Shipped","Delivered"]})"));
}

TEST_F(CommerceupPeerTest, FailsOnDemandThenRecoversAndRecordsEveryCall) {
  peer_->fail(2, 503);
  EXPECT_EQ(post("/v1/proj-a/bulkinventory", kStock).status, 503);
  EXPECT_EQ(post("/v1/proj-a/bulkinventory", kStock).status, 503);
  EXPECT_TRUE(peer_->state().at("proj-a").at("inventory").as_object().empty());
  EXPECT_EQ(post("/v1/proj-a/bulkinventory", kStock).status, 200);

  const auto calls = peer_->requests_to("bulkinventory");
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].at("status"), 503);
  EXPECT_EQ(calls[2].at("status"), 200);
  EXPECT_EQ(calls[2].at("project"), "proj-a");
  EXPECT_EQ(calls[2].at("body"), json::parse(kStock));
}

TEST_F(CommerceupPeerTest, DropClosesWithoutAnswerAndAppliesNothing) {
  peer_->fail_by_closing(1, "drop");
  EXPECT_THROW(post("/v1/proj-a/bulkinventory", kStock), Poco::Exception);
  EXPECT_TRUE(peer_->state().at("proj-a").at("inventory").as_object().empty());
  ASSERT_EQ(peer_->requests_to("bulkinventory").size(), 1u);
  EXPECT_TRUE(peer_->requests_to("bulkinventory")[0].at("status").is_null());
}

TEST_F(CommerceupPeerTest, DropAfterProcessingAppliesTheCallButLosesTheReply) {
  peer_->fail_by_closing(1, "drop_after_processing");
  EXPECT_THROW(post("/v1/proj-a/bulkincrementinventory", kStock), Poco::Exception);
  EXPECT_EQ(peer_->state().at("proj-a").at("inventory"), json::parse(R"({"A":5,"B":2})"));
}

}  // namespace
}  // namespace erpbridge::testing
