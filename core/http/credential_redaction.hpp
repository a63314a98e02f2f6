// Scrubs an endpoint's credentials out of any text before it leaves the client. Error texts
// come from Poco and our own formatting and should not contain secrets; this is the last guard
// that makes "never" hold. Internal to erpbridge_http.
#pragma once

#include <string>
#include <vector>

#include "http/endpoint_config.hpp"

namespace erpbridge::http {

class CredentialRedactor {
 public:
  explicit CredentialRedactor(const Auth& auth);
  std::string scrub(std::string text) const;

 private:
  std::vector<std::string> secrets_;  // every form a credential can take on the wire
};

}  // namespace erpbridge::http
