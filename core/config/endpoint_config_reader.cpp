#include "config/endpoint_config_reader.hpp"

#include <algorithm>
#include <cctype>

#include "config/auth_config.hpp"

namespace erpbridge::config::detail {

namespace {

constexpr std::uint64_t kDayMs = 24ull * 3600 * 1000;

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_port(std::string_view s) {
  if (s.empty() || s.size() > 5) return false;
  if (!std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const int port = std::stoi(std::string(s));
  return port >= 1 && port <= 65535;
}

}  // namespace

// scheme://host[:port][/path]. Checked here so a typo fails at start-up with its line, not on
// the first event hours later.
void check_base_url(const Section& section, const ExpandedText& url, std::string_view key) {
  auto fail = [&](std::string problem) { section.fail(key, std::move(problem)); };
  const std::string& text = url.value;
  const std::size_t scheme_end = text.find("://");
  if (scheme_end == std::string::npos) {
    // Not echoed: a URL typed without its scheme may still carry user:password@.
    fail("expected a URL starting with http:// or https://");
  }
  const std::string scheme = lowercase(text.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") {
    fail("unsupported URL scheme " + describe_text({scheme, url.has_reference}) +
         "; only http and https are supported");
  }
  if (std::any_of(text.begin(), text.end(),
                  [](unsigned char c) { return c <= 0x20 || c == 0x7f; })) {
    fail("must not contain spaces or control characters");
  }
  if (text.find_first_of("?#") != std::string::npos) {
    fail("must not have a query or fragment; the connector adds paths and queries");
  }
  const std::size_t host_start = scheme_end + 3;
  const std::string authority = text.substr(host_start, text.find('/', host_start) - host_start);
  // Credentials in a URL end up in logs; connection.auth keeps them secret.
  if (authority.find('@') != std::string::npos) {
    fail("must not contain credentials (user@host); use the auth settings");
  }
  std::string_view host = authority;
  std::string_view port;
  if (host.starts_with('[')) {  // IPv6 literal: [::1]:8080
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos) fail("has an unterminated IPv6 address");
    if (close + 1 < host.size()) {
      if (host[close + 1] != ':') fail("has text after the IPv6 address");
      port = host.substr(close + 2);
    }
    host = host.substr(0, close + 1);
  } else if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.empty() || host == "[]") fail("has no host");
  if (authority.size() != host.size() && !is_port(port)) {
    fail("has an invalid port; expected 1 to 65535");
  }
}

namespace {

bool is_header_name(std::string_view name) {
  // RFC 9110 token characters.
  static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           kSymbols.find(c) != std::string_view::npos;
  });
}

std::vector<std::pair<std::string, std::string>> read_headers(const Section& headers) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& name : headers.keys()) {
    if (!is_header_name(name)) headers.fail(name, "is not a valid HTTP header name");
    for (const auto& [earlier, unused] : out) {
      if (lowercase(earlier) == lowercase(name)) {
        headers.fail(name, "repeats header '" + earlier + "' (header names ignore case)");
      }
    }
    ExpandedText value = headers.required_string(name);
    // A CR or LF would let a value smuggle in headers of its own.
    if (value.value.find_first_of("\r\n") != std::string::npos ||
        value.value.find('\0') != std::string::npos) {
      headers.fail(name, "must not contain line breaks or NUL");
    }
    out.emplace_back(name, std::move(value.value));
  }
  return out;
}

}  // namespace

http::TlsSettings read_tls(const Section& tls) {
  http::TlsSettings out;
  out.verify = tls.boolean("verify", out.verify);
  if (auto ca = tls.optional_path("ca_file")) out.ca_file = ca->string();
  return out;
}

const std::vector<std::string>& connection_keys() {
  static const std::vector<std::string> keys{"base_url",
                                             "auth",
                                             "tls",
                                             "connect_timeout_ms",
                                             "read_timeout_ms",
                                             "headers",
                                             "max_idle_connections",
                                             "keep_alive_timeout_ms",
                                             "idempotency_key_header",
                                             "max_response_body_bytes"};
  return keys;
}

http::EndpointConfig read_endpoint(const Section& connection) {
  http::EndpointConfig out;
  ExpandedText url = connection.required_string("base_url");
  check_base_url(connection, url, "base_url");
  out.base_url = std::move(url.value);
  if (auto auth = connection.optional_section("auth", auth_keys())) {
    out.auth = read_auth(*auth, /*allow_none=*/true);
  }
  if (auto tls =
          connection.optional_section("tls", std::vector<std::string>{"verify", "ca_file"})) {
    out.tls = read_tls(*tls);
  }
  out.connect_timeout = std::chrono::milliseconds(connection.number(
      "connect_timeout_ms", out.connect_timeout.count(), 1, kDayMs, "milliseconds"));
  out.read_timeout = std::chrono::milliseconds(
      connection.number("read_timeout_ms", out.read_timeout.count(), 1, kDayMs, "milliseconds"));
  if (auto headers = connection.optional_section("headers", std::nullopt)) {
    out.headers = read_headers(*headers);
  }
  out.max_idle_connections =
      connection.number("max_idle_connections", out.max_idle_connections, 0, 1024, "connections");
  out.keep_alive_timeout = std::chrono::milliseconds(connection.number(
      "keep_alive_timeout_ms", out.keep_alive_timeout.count(), 1, kDayMs, "milliseconds"));
  if (auto header = connection.optional_string("idempotency_key_header")) {
    if (!is_header_name(header->value))
      connection.fail("idempotency_key_header", "is not a valid HTTP header name");
    out.idempotency_key_header = std::move(header->value);
  }
  out.max_response_body_bytes = connection.number(
      "max_response_body_bytes", out.max_response_body_bytes, 1, std::uint64_t{1} << 30, "bytes");
  return out;
}

}  // namespace erpbridge::config::detail
