// Every form a credential can take on the wire, replaced by "***".
#include "http/credential_redaction.hpp"

#include <Poco/Base64Encoder.h>

#include <algorithm>
#include <sstream>

namespace erpbridge::http {
namespace {

std::string base64(const std::string& text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << text;
  encoder.close();
  return out.str();
}

void replace_all(std::string& text, const std::string& secret) {
  constexpr std::string_view kMask = "***";
  for (auto at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + kMask.size())) {
    text.replace(at, secret.size(), kMask);
  }
}

}  // namespace

CredentialRedactor::CredentialRedactor(const Auth& auth) {
  const std::string& password = auth.password.reveal();
  const std::string& token = auth.token.reveal();
  if (!password.empty()) {
    const std::string user_pass = auth.username + ":" + password;
    secrets_ = {base64(user_pass), user_pass, password};
  }
  if (!token.empty()) secrets_.push_back(token);
  // Longest first, so that a secret containing another is masked whole.
  std::sort(secrets_.begin(), secrets_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string CredentialRedactor::scrub(std::string text) const {
  for (const auto& secret : secrets_) replace_all(text, secret);
  return text;
}

}  // namespace erpbridge::http
