// Certificate chain and host name verification, per endpoint, against certificates made at
// test time.
#include <gtest/gtest.h>

#include <Poco/Delegate.h>
#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/VerificationErrorArgs.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "endpoint_config_for_tests.hpp"
#include "http/http_client.hpp"
#include "self_signed_certificate.hpp"
#include "test_http_server.hpp"

namespace erpbridge::http {
namespace {

using testkit::endpoint_config;
using testkit::get;
using testkit::SelfSignedCertificate;
using testkit::ServerOptions;
using testkit::TestHttpServer;

// What another part of the process could do to Poco's SSLManager singleton: install an
// accept-all default handler and subscribe to the verification-error event.
class AcceptEveryCertificateProcessWide {
 public:
  AcceptEveryCertificateProcessWide() {
    manager().initializeClient(nullptr, new Poco::Net::AcceptCertificateHandler(false), nullptr);
    manager().ClientVerificationError += Poco::delegate(&ignore_error);
  }
  ~AcceptEveryCertificateProcessWide() {
    manager().ClientVerificationError -= Poco::delegate(&ignore_error);
    manager().initializeClient(nullptr, nullptr, nullptr);
  }

 private:
  static Poco::Net::SSLManager& manager() { return Poco::Net::SSLManager::instance(); }
  static void ignore_error(const void*, Poco::Net::VerificationErrorArgs& error) {
    error.setIgnoreError(true);
  }
};

class TlsVerification : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    localhost_ = new SelfSignedCertificate("localhost", "DNS:localhost,IP:127.0.0.1");
    elsewhere_ = new SelfSignedCertificate("erp.example.com", "DNS:erp.example.com");
  }
  static void TearDownTestSuite() {
    delete localhost_;
    delete elsewhere_;
  }

  static EndpointConfig trusting(const std::string& base_url, const SelfSignedCertificate& ca) {
    EndpointConfig config = endpoint_config(base_url);
    config.tls.ca_file = ca.certificate_file();
    return config;
  }

  static SelfSignedCertificate* localhost_;  // valid for "localhost" and 127.0.0.1
  static SelfSignedCertificate* elsewhere_;  // valid for erp.example.com only
};

SelfSignedCertificate* TlsVerification::localhost_ = nullptr;
SelfSignedCertificate* TlsVerification::elsewhere_ = nullptr;

TEST_F(TlsVerification, RejectsASelfSignedCertificateWithoutCaFile) {
  TestHttpServer server(ServerOptions().serve_tls(localhost_->server_context()));
  Endpoint endpoint(endpoint_config(server.url("", "localhost")));

  const Response response = endpoint.send(get("/"));

  EXPECT_EQ(response.transport, Transport::not_sent);
  EXPECT_NE(response.error, "");
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(TlsVerification, AcceptsACertificateIssuedByTheConfiguredCaFile) {
  TestHttpServer server(ServerOptions().serve_tls(localhost_->server_context()));
  Endpoint endpoint(trusting(server.url("/api", "localhost"), *localhost_));

  const Response response = endpoint.send(get("/createorder"));

  ASSERT_EQ(response.transport, Transport::ok) << response.error;
  EXPECT_EQ(server.requests().at(0).uri, "/api/createorder");
}

TEST_F(TlsVerification, AcceptsACertificateNamingTheIpAddressConnectedTo) {
  TestHttpServer server(ServerOptions().serve_tls(localhost_->server_context()));
  Endpoint endpoint(trusting(server.url("", "127.0.0.1"), *localhost_));

  const Response response = endpoint.send(get("/"));

  EXPECT_EQ(response.transport, Transport::ok) << response.error;
}

TEST_F(TlsVerification, RejectsATrustedCertificateIssuedForAnotherHostName) {
  TestHttpServer server(ServerOptions().serve_tls(elsewhere_->server_context()));
  Endpoint endpoint(trusting(server.url("", "127.0.0.1"), *elsewhere_));

  const Response response = endpoint.send(get("/"));

  EXPECT_EQ(response.transport, Transport::not_sent);
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(TlsVerification, AcceptsAnyCertificateWhenVerificationIsExplicitlyOff) {
  TestHttpServer server(ServerOptions().serve_tls(elsewhere_->server_context()));
  EndpointConfig config = endpoint_config(server.url("", "127.0.0.1"));
  config.tls.verify = false;
  Endpoint endpoint(config);

  const Response response = endpoint.send(get("/"));

  EXPECT_EQ(response.transport, Transport::ok) << response.error;
}

TEST_F(TlsVerification, OneEndpointTurningVerificationOffDoesNotAffectAnother) {
  TestHttpServer server(ServerOptions().serve_tls(localhost_->server_context()));
  EndpointConfig lax = endpoint_config(server.url("", "localhost"));
  lax.tls.verify = false;
  Endpoint lax_endpoint(lax);
  Endpoint strict_endpoint(endpoint_config(server.url("", "localhost")));

  ASSERT_EQ(lax_endpoint.send(get("/")).transport, Transport::ok);
  EXPECT_EQ(strict_endpoint.send(get("/")).transport, Transport::not_sent);
}

TEST_F(TlsVerification, ProcessWideCertificateHandlersCannotWeakenVerification) {
  TestHttpServer untrusted(ServerOptions().serve_tls(localhost_->server_context()));
  TestHttpServer misnamed(ServerOptions().serve_tls(elsewhere_->server_context()));
  AcceptEveryCertificateProcessWide another_component_in_this_process;
  Endpoint untrusted_chain(endpoint_config(untrusted.url("", "localhost")));
  Endpoint wrong_name(trusting(misnamed.url("", "127.0.0.1"), *elsewhere_));

  EXPECT_EQ(untrusted_chain.send(get("/")).transport, Transport::not_sent);
  EXPECT_EQ(wrong_name.send(get("/")).transport, Transport::not_sent);
}

TEST_F(TlsVerification, ReusesTlsConnectionsForSequentialRequests) {
  TestHttpServer server(ServerOptions().serve_tls(localhost_->server_context()));
  Endpoint endpoint(trusting(server.url("", "localhost"), *localhost_));

  for (int i = 0; i < 3; ++i) ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);

  EXPECT_EQ(server.connection_count(), 1u);
}

TEST_F(TlsVerification, RetriesWhenTheServerClosedAnIdleTlsConnection) {
  TestHttpServer server(ServerOptions()
                            .serve_tls(localhost_->server_context())
                            .close_idle_after(std::chrono::milliseconds(100)));
  Endpoint endpoint(trusting(server.url("", "localhost"), *localhost_));
  ASSERT_EQ(endpoint.send(get("/")).transport, Transport::ok);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));

  const Response response = endpoint.send(get("/"));

  ASSERT_EQ(response.transport, Transport::ok) << response.error;
  EXPECT_EQ(server.connection_count(), 2u);
}

TEST_F(TlsVerification, AnUnreadableCaFileIsAConfigurationErrorAtConstruction) {
  EndpointConfig config = endpoint_config("https://localhost:1");
  config.tls.ca_file = "/nonexistent/ca.pem";
  EXPECT_THROW(Endpoint{config}, std::invalid_argument);
}

}  // namespace
}  // namespace erpbridge::http
