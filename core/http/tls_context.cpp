// Per-endpoint TLS contexts with chain and hostname verification that no process-wide setting
// can turn off.
#include "http/tls_context.hpp"

#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetSSL.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <mutex>

namespace erpbridge::http {
namespace {

void initialize_ssl_once() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

Poco::Net::Context::Params context_params(const TlsSettings& tls) {
  Poco::Net::Context::Params params;
  if (tls.verify) {
    // VERIFY_STRICT, not RELAXED: Poco skips its own hostname check for loopback hosts unless
    // the mode is strict. (FAIL_IF_NO_PEER_CERT, the difference, is ignored by client contexts.)
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.caLocation = tls.ca_file;
    params.loadDefaultCAs = tls.ca_file.empty();
  } else {
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    params.loadDefaultCAs = false;
  }
  params.cipherList = "HIGH:!aNULL:!eNULL:!MD5";
  return params;
}

// OpenSSL then rejects a certificate for another name during the handshake itself.
void require_host_name(SSL_CTX* ssl_context, const std::string& host) {
  X509_VERIFY_PARAM* verify_param = SSL_CTX_get0_param(ssl_context);
  Poco::Net::IPAddress address;
  if (Poco::Net::IPAddress::tryParse(host, address)) {
    X509_VERIFY_PARAM_set1_ip_asc(verify_param, host.c_str());
  } else {
    X509_VERIFY_PARAM_set1_host(verify_param, host.c_str(), host.size());
  }
}

}  // namespace

Poco::Net::Context::Ptr make_client_tls_context(const TlsSettings& tls, const std::string& host) {
  initialize_ssl_once();
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, context_params(tls));
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  if (tls.verify) {
    // Poco installs SSLManager::verifyClientCallback, which asks the process-wide
    // ClientVerificationError event whether to ignore a failed check; any AcceptCertificateHandler
    // alive anywhere in the process would then accept this tenant's bad certificate. With no
    // callback, OpenSSL's own verdict is final: a failed chain or name aborts the handshake,
    // which is what a rejecting InvalidCertificateHandler would do, without the shared state.
    SSL_CTX_set_verify(context->sslContext(), SSL_VERIFY_PEER, nullptr);
    require_host_name(context->sslContext(), host);
  }
  return context;
}

}  // namespace erpbridge::http
