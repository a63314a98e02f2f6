// Fuzz target: the credential headers a caller of the API sends (read_credential): an
// Authorization header (Basic or Bearer, any scheme), or Commerceup's username/password pair.
// The first byte picks which; the input splits at its first NUL into two header values.
// Any input must end in a credential, none, or `malformed`.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/presented_credential.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace erpbridge;
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto nul = text.find('\0');
  const std::string first(text.substr(0, nul));
  const std::string second(nul == std::string_view::npos ? "" : text.substr(nul + 1));
  api::Headers headers;
  if (data[0] % 2 == 0) {
    headers.add("Authorization", first);
  } else {
    headers.add("username", first);
    if (nul != std::string_view::npos) headers.add("password", second);
  }
  const api::PresentedCredential credential = api::read_credential(headers);
  // A credential is either read or refused, never both.
  if (credential.malformed && credential.kind != http::AuthKind::none) std::abort();
  return 0;
}
