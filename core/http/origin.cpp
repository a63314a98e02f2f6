// Parsing base_url and resolving request targets against it.
#include "http/origin.hpp"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <cctype>
#include <stdexcept>

namespace erpbridge::http {
namespace {

bool starts_with_scheme(std::string_view target) {
  const auto colon = target.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  for (char c : target.substr(0, colon)) {
    const bool scheme_char =
        std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    if (!scheme_char) return false;
  }
  return std::isalpha(static_cast<unsigned char>(target.front()));
}

// Bytes that cannot appear raw in an HTTP request line; letting them through would allow a
// target to smuggle a second header or request (CR/LF) or produce an invalid request.
bool has_forbidden_byte(std::string_view target) {
  for (char c : target) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f) return true;
  }
  return false;
}

// Poco::URI decodes the path, so "/a%2Fb" would come back as "/a/b"; the path is therefore
// taken verbatim from the text after the authority.
std::string raw_path_and_query(std::string_view url) {
  const auto authority = url.find("://") + 3;
  const auto path = url.find_first_of("/?", authority);
  return path == std::string_view::npos ? std::string() : std::string(url.substr(path));
}

std::string without_fragment(std::string_view target) {
  return std::string(target.substr(0, target.find('#')));
}

std::string join_base_path(const std::string& base_path, const std::string& relative) {
  if (relative.empty()) return base_path.empty() ? "/" : base_path;
  if (relative.front() == '/') return base_path + relative;
  if (relative.front() == '?') return (base_path.empty() ? "/" : base_path) + relative;
  return base_path + "/" + relative;
}

ResolvedTarget resolve_absolute(const Origin& origin, const std::string& target) {
  Poco::URI uri;
  try {
    uri = Poco::URI(target);
  } catch (const Poco::Exception&) {
    return {{}, "the target is not a valid absolute URL"};
  }
  if (!uri.getUserInfo().empty()) {
    return {{}, "an absolute target must not carry credentials (user info)"};
  }
  const Origin other{uri.getScheme(), uri.getHost(), uri.getPort(), {}};
  const bool same_origin = other.scheme == origin.scheme &&
                           Poco::icompare(other.host, origin.host) == 0 &&
                           other.port == origin.port;
  if (!same_origin) {
    return {{},
            "absolute target " + other.describe() + " is not on the endpoint's origin " +
                origin.describe() + "; requests may only go to the configured ERP"};
  }
  const std::string path = raw_path_and_query(target);
  if (path.empty()) return {"/", {}};
  return {path.front() == '?' ? "/" + path : path, {}};
}

}  // namespace

std::string Origin::describe() const {
  const bool ipv6_literal = host.find(':') != std::string::npos;
  const std::string shown_host = ipv6_literal ? "[" + host + "]" : host;
  return scheme + "://" + shown_host + ":" + std::to_string(port);
}

Origin parse_base_url(const std::string& base_url) {
  Poco::URI uri;
  try {
    uri = Poco::URI(base_url);
  } catch (const Poco::Exception& error) {
    throw std::invalid_argument("base_url is not a valid URL: " + error.message());
  }
  if (uri.getScheme() != "http" && uri.getScheme() != "https") {
    throw std::invalid_argument("base_url must start with http:// or https://");
  }
  if (uri.getHost().empty()) throw std::invalid_argument("base_url has no host");
  if (!uri.getUserInfo().empty()) {
    throw std::invalid_argument("base_url must not carry credentials; use the auth settings");
  }
  if (!uri.getQuery().empty() || !uri.getFragment().empty()) {
    throw std::invalid_argument("base_url must not have a query or fragment");
  }
  std::string base_path = raw_path_and_query(base_url);
  while (!base_path.empty() && base_path.back() == '/') base_path.pop_back();
  return Origin{uri.getScheme(), uri.getHost(), uri.getPort(), base_path};
}

ResolvedTarget resolve_target(const Origin& origin, std::string_view target) {
  if (has_forbidden_byte(target)) {
    return {{}, "the target contains spaces, control or non-ASCII bytes; percent-encode them"};
  }
  const std::string cleaned = without_fragment(target);
  if (starts_with_scheme(cleaned)) return resolve_absolute(origin, cleaned);
  return {join_base_path(origin.base_path, cleaned), {}};
}

}  // namespace erpbridge::http
