#include "api/server_tls.hpp"

#include <openssl/ssl.h>

#include <stdexcept>
#include <string>

namespace erpbridge::api {

namespace ssl = boost::asio::ssl;

namespace {

// Runs one load step, turning Asio's error into one that says which file and what for.
template <class Step>
void load(const char* what, const std::filesystem::path& file, Step step) {
  try {
    step();
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error(std::string("server.tls: cannot load the ") + what + " " +
                             file.string() + ": " + e.code().message());
  }
}

std::shared_ptr<ssl::context> make_context(const config::ServerTlsSettings& tls) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  // Also refuses what a newer OpenSSL might still enable by default.
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  load("certificate chain", tls.cert, [&] { context->use_certificate_chain_file(tls.cert); });
  load("private key", tls.key, [&] { context->use_private_key_file(tls.key, ssl::context::pem); });
  if (SSL_CTX_check_private_key(context->native_handle()) != 1)
    throw std::runtime_error("server.tls: the private key " + tls.key.string() +
                             " does not belong to the certificate " + tls.cert.string());
  if (!tls.client_ca.empty()) {
    load("client CA", tls.client_ca, [&] { context->load_verify_file(tls.client_ca); });
    // The CA names go to the client in the handshake, so it knows which certificate to send.
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(tls.client_ca.c_str()))
      SSL_CTX_set_client_CA_list(context->native_handle(), names);
    context->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  }
  return context;
}

}  // namespace

ServerTls::ServerTls(const config::ServerTlsSettings& settings)
    : context_(make_context(settings)) {}

std::shared_ptr<ssl::context> ServerTls::current() const {
  std::lock_guard lock(mutex_);
  return context_;
}

void ServerTls::reload(const config::ServerTlsSettings& settings) {
  auto next = make_context(settings);
  std::lock_guard lock(mutex_);
  context_ = std::move(next);
}

}  // namespace erpbridge::api
