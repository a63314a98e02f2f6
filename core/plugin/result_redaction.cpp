#include "plugin/result_redaction.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <sstream>

namespace erpbridge::plugin {

namespace {

// Values learnt at run time are kept up to this many (sessions and tokens rotate); the
// configured secrets are always kept.
constexpr std::size_t kMaxLearned = 64;
// A learnt value shorter than this is not a credential (a user id, a flag): masking it would
// only garble messages.
constexpr std::size_t kMinLearnedBytes = 6;
// JSON fields of a token endpoint's reply (RFC 6749 section 5.1, OpenID Connect).
constexpr std::string_view kTokenFields[] = {"access_token", "refresh_token", "id_token"};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

std::string base64_encode(std::string_view text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(text.data(), static_cast<std::streamsize>(text.size()));
  encoder.close();
  return out.str();
}

// Empty when `text` is not base64.
std::string base64_decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return {};
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '='))
      return {};
  try {
    std::istringstream in{std::string(text)};
    Poco::Base64Decoder decoder(in);
    std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
    return out;
  } catch (...) {
    return {};
  }
}

// Excerpts and messages are cut to a bound before they get here: the cut may leave the start
// of a secret at the end of the text. A tail this long that begins a secret is masked too.
constexpr std::size_t kMinCutSecretBytes = 4;

void replace_all(std::string& text, const std::string& secret) {
  for (auto at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + kRedacted.size()))
    text.replace(at, secret.size(), kRedacted);
  for (std::size_t n = std::min(secret.size() - 1, text.size()); n >= kMinCutSecretBytes; --n)
    if (std::string_view(text).ends_with(std::string_view(secret).substr(0, n))) {
      text.replace(text.size() - n, n, kRedacted);
      break;
    }
}

}  // namespace

bool is_credential_header(std::string_view name) {
  const std::string n = lower(name);
  // Our own key for the event, not a credential: masking it would hide the event id.
  if (n == "idempotency-key") return false;
  if (n == "authorization" || n == "proxy-authorization" || n == "cookie") return true;
  for (const char* part : {"token", "secret", "session", "password", "key", "auth"})
    if (n.find(part) != std::string::npos) return true;
  return false;
}

void SecretRedactor::add_locked(std::string value) {
  if (value.empty() || std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
  const auto at = std::find_if(secrets_.begin(), secrets_.end(),
                               [&](const std::string& s) { return s.size() < value.size(); });
  secrets_.insert(at, std::move(value));
}

void SecretRedactor::add(std::string_view secret) {
  std::unique_lock lock(mutex_);
  add_locked(std::string(secret));
}

bool is_secret_setting_name(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view word :
       {"password", "passwd", "passphrase", "secret", "token", "api_key", "apikey"})
    if (lower.ends_with(word)) return true;
  return false;
}

namespace {

// Every string under `value`, at any depth.
void collect_strings(const boost::json::value& value, std::vector<std::string>& out) {
  if (value.is_string()) {
    out.emplace_back(value.as_string());
  } else if (value.is_array()) {
    for (const auto& element : value.as_array()) collect_strings(element, out);
  } else if (value.is_object()) {
    for (const auto& [key, member] : value.as_object()) collect_strings(member, out);
  }
}

void collect_secret_settings(const boost::json::value& value, std::vector<std::string>& out) {
  if (value.is_array()) {
    for (const auto& element : value.as_array()) collect_secret_settings(element, out);
  } else if (value.is_object()) {
    for (const auto& [key, member] : value.as_object()) {
      if (is_secret_setting_name(key))
        collect_strings(member, out);
      else
        collect_secret_settings(member, out);
    }
  }
}

}  // namespace

void SecretRedactor::add_settings(const boost::json::value& settings) {
  std::vector<std::string> found;
  collect_secret_settings(settings, found);
  std::unique_lock lock(mutex_);
  for (std::string& value : found) add_locked(trim(value));
}

void SecretRedactor::add_endpoint(const http::EndpointConfig& endpoint) {
  const http::Auth& auth = endpoint.auth;
  std::unique_lock lock(mutex_);
  if (!auth.password.empty()) {
    const std::string user_pass = auth.username + ":" + auth.password.reveal();
    add_locked(base64_encode(user_pass));
    add_locked(user_pass);
    add_locked(auth.password.reveal());
  }
  add_locked(auth.token.reveal());
  // Default headers carry API keys and tenant tokens; which of them are secret is not said,
  // so all their values are treated as secret.
  for (const auto& [name, value] : endpoint.headers) add_locked(trim(value));
}

void SecretRedactor::learn(std::string_view value) {
  if (value.size() < kMinLearnedBytes) return;
  {
    std::shared_lock lock(mutex_);
    if (std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
  }
  std::unique_lock lock(mutex_);
  if (learned_ >= kMaxLearned) return;
  ++learned_;
  add_locked(std::string(value));
}

// "Bearer abc", "Session base64(login:uid:key)", "Basic base64(user:pass)", a cookie list,
// or a bare key: the whole value, the credential after the scheme, and what a base64
// credential decodes to with its last ':' part (the password or session key).
void SecretRedactor::learn_credential_header(std::string_view value) {
  const std::string whole = trim(value);
  learn(whole);
  const auto space = whole.find(' ');
  const std::string credential = space == std::string::npos ? whole : trim(whole.substr(space + 1));
  learn(credential);
  const std::string decoded = base64_decode(credential);
  if (!decoded.empty()) {
    learn(decoded);
    if (const auto colon = decoded.rfind(':'); colon != std::string::npos)
      learn(decoded.substr(colon + 1));
  }
  // Cookie: a=1; b=2 -> each value.
  std::string_view rest = whole;
  while (!rest.empty()) {
    const auto semicolon = rest.find(';');
    const std::string_view pair = rest.substr(0, semicolon);
    if (const auto equals = pair.find('='); equals != std::string_view::npos)
      learn(trim(pair.substr(equals + 1)));
    if (semicolon == std::string_view::npos) break;
    rest.remove_prefix(semicolon + 1);
  }
}

void SecretRedactor::learn_from_request(const http::Request& request) {
  for (const auto& [name, value] : request.headers)
    if (is_credential_header(name)) learn_credential_header(value);
}

void SecretRedactor::learn_from_response(const http::Response& response) {
  for (const auto& [name, value] : response.headers) {
    if (lower(name) != "set-cookie") continue;
    const std::string_view cookie = std::string_view(value).substr(0, value.find(';'));
    if (const auto equals = cookie.find('='); equals != std::string_view::npos)
      learn(trim(cookie.substr(equals + 1)));
  }
  // A token endpoint's reply: {"access_token": "...", ...}. Only parsed when it may be one.
  const bool may_hold_token = std::any_of(
      std::begin(kTokenFields), std::end(kTokenFields),
      [&](std::string_view field) { return response.body.find(field) != std::string::npos; });
  if (!may_hold_token) return;
  boost::system::error_code ec;
  const boost::json::value reply = boost::json::parse(response.body, ec);
  if (ec || !reply.is_object()) return;
  for (std::string_view field : kTokenFields)
    if (const auto* token = reply.as_object().if_contains(field); token && token->is_string())
      learn(token->as_string());
}

std::string SecretRedactor::scrub(std::string text) const {
  std::shared_lock lock(mutex_);
  for (const auto& secret : secrets_) replace_all(text, secret);
  return text;
}

std::size_t SecretRedactor::size() const {
  std::shared_lock lock(mutex_);
  return secrets_.size();
}

void redact_result(DeliveryResult& result, const SecretRedactor& secrets) {
  if (!result.message.empty()) result.message = secrets.scrub(std::move(result.message));
  if (!result.body_excerpt.empty())
    result.body_excerpt = secrets.scrub(std::move(result.body_excerpt));
}

}  // namespace erpbridge::plugin
