// Self-signed certificates made at test time with the openssl CLI, in a scratch directory that
// is removed afterwards.
#pragma once

#include <Poco/Net/Context.h>

#include <filesystem>
#include <string>

namespace erpbridge::http::testkit {

class SelfSignedCertificate {
 public:
  // subject_alt_names in openssl syntax, e.g. "DNS:localhost,IP:127.0.0.1".
  SelfSignedCertificate(const std::string& common_name, const std::string& subject_alt_names);
  ~SelfSignedCertificate();
  SelfSignedCertificate(const SelfSignedCertificate&) = delete;
  SelfSignedCertificate& operator=(const SelfSignedCertificate&) = delete;

  std::string certificate_file() const { return (directory_ / "cert.pem").string(); }
  std::string key_file() const { return (directory_ / "key.pem").string(); }
  // A server context presenting this certificate.
  Poco::Net::Context::Ptr server_context() const;

 private:
  std::filesystem::path directory_;
};

}  // namespace erpbridge::http::testkit
