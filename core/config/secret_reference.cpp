#include "config/secret_reference.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>

#include "config/config_error.hpp"

namespace erpbridge::config {

namespace {

// Secret files hold a password, a token or a key; anything bigger is a wrong path (a log, a
// device) and reading it whole would only hurt.
constexpr std::size_t kMaxSecretFileBytes = 1 << 20;
// "${file:x}" repeated would otherwise turn 4 MiB of YAML into hundreds of gigabytes.
constexpr std::size_t kMaxExpandedBytes = 4 << 20;

[[noreturn]] void fail(const ReferenceSite& site, std::string problem) {
  throw ConfigError(site.file, site.line, site.key, std::move(problem));
}

bool is_env_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// "NAME" or "NAME:-default"; like the shell, the default also covers a variable set to "".
std::string resolve_env(std::string_view spec, const ReferenceSite& site) {
  std::optional<std::string_view> fallback;
  if (auto sep = spec.find(":-"); sep != std::string_view::npos) {
    fallback = spec.substr(sep + 2);
    spec = spec.substr(0, sep);
  }
  std::string name(spec);
  if (!is_env_name(name)) {
    fail(site, "'${env:" + name + "}' is not a valid environment variable name");
  }
  const char* value = std::getenv(name.c_str());
  if (fallback && (value == nullptr || *value == '\0')) return std::string(*fallback);
  if (value == nullptr) fail(site, "environment variable " + name + " is not set");
  return value;
}

std::string resolve_file(std::string_view spec, const ReferenceSite& site) {
  if (spec.empty()) fail(site, "'${file:}' names no file");
  std::filesystem::path path(spec);
  if (path.is_relative()) path = (site.base_dir / path).lexically_normal();
  const std::string shown = path.string();

  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    // A FIFO or device would block or never end; only plain files hold secrets.
    std::string why = ec ? ec.message()
                         : (std::filesystem::exists(path, ec) ? "not a regular file"
                                                              : "No such file or directory");
    fail(site, "cannot read secret file " + shown + ": " + why);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(site, "cannot read secret file " + shown + ": " + std::strerror(errno));
  std::string content(kMaxSecretFileBytes + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  if (in.bad()) fail(site, "cannot read secret file " + shown + ": read error");
  content.resize(static_cast<std::size_t>(in.gcount()));
  if (content.size() > kMaxSecretFileBytes) {
    fail(site, "secret file " + shown + " is larger than 1 MiB");
  }
  // Files written by `echo` or an editor end in a newline that is not part of the secret.
  if (!content.empty() && content.back() == '\n') {
    content.pop_back();
    if (!content.empty() && content.back() == '\r') content.pop_back();
  }
  return content;
}

std::string resolve(std::string_view body, const ReferenceSite& site) {
  if (body.starts_with("env:")) return resolve_env(body.substr(4), site);
  if (body.starts_with("file:")) return resolve_file(body.substr(5), site);
  // The body is not echoed: someone may have typed a secret between the braces.
  fail(site, "unknown reference; use ${env:NAME} or ${file:PATH}, or write $${ for a literal ${");
}

}  // namespace

ExpandedText expand_references(std::string_view text, const ReferenceSite& site) {
  ExpandedText out;
  out.value.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    // Copy up to the next '$' in one go: values can be megabytes long.
    const std::size_t dollar = std::min(text.find('$', i), text.size());
    out.value.append(text.substr(i, dollar - i));
    i = dollar;
    if (i == text.size()) break;
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("$${")) {
      out.value += "${";
      i += 3;
    } else if (rest.starts_with("${")) {
      const std::size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) {
        fail(site, "'${' without a closing '}'; write $${ for a literal ${");
      }
      out.value += resolve(text.substr(i + 2, close - i - 2), site);
      out.has_reference = true;
      i = close + 1;
      if (out.value.size() > kMaxExpandedBytes) fail(site, "expands to more than 4 MiB");
    } else {
      out.value += '$';
      ++i;
    }
  }
  return out;
}

}  // namespace erpbridge::config
