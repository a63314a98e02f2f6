#include "self_signed_certificate.hpp"

#include <Poco/Net/NetSSL.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace erpbridge::http::testkit {
namespace {

std::filesystem::path make_scratch_directory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "erpbridge-http-tls-XXXXXX");
  if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a scratch directory");
  return pattern;
}

}  // namespace

SelfSignedCertificate::SelfSignedCertificate(const std::string& common_name,
                                             const std::string& subject_alt_names)
    : directory_(make_scratch_directory()) {
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
      " -keyout '" +
      key_file() + "' -out '" + certificate_file() + "' -subj '/CN=" + common_name +
      "' -addext 'subjectAltName=" + subject_alt_names + "' 2>/dev/null";
  if (std::system(command.c_str()) != 0) {
    std::filesystem::remove_all(directory_);
    throw std::runtime_error("openssl could not make a test certificate");
  }
}

SelfSignedCertificate::~SelfSignedCertificate() {
  std::filesystem::remove_all(directory_);
}

Poco::Net::Context::Ptr SelfSignedCertificate::server_context() const {
  Poco::Net::initializeSSL();
  return new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, key_file(), certificate_file(),
                                "", Poco::Net::Context::VERIFY_NONE);
}

}  // namespace erpbridge::http::testkit
