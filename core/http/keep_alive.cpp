// Reading the server's `Keep-Alive: timeout=N, max=M` header.
#include "http/keep_alive.hpp"

#include <Poco/String.h>

#include <charconv>
#include <string>

namespace erpbridge::http {
namespace {

constexpr auto kMargin = std::chrono::seconds(1);

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::chrono::milliseconds> server_idle_limit(std::string_view keep_alive) {
  while (!keep_alive.empty()) {
    const std::size_t comma = keep_alive.find(',');
    const std::string_view parameter = trim(keep_alive.substr(0, comma));
    keep_alive =
        comma == std::string_view::npos ? std::string_view() : keep_alive.substr(comma + 1);
    const std::size_t equals = parameter.find('=');
    if (equals == std::string_view::npos) continue;
    if (Poco::icompare(std::string(trim(parameter.substr(0, equals))), std::string("timeout")) != 0)
      continue;
    const std::string_view value = trim(parameter.substr(equals + 1));
    long long seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error != std::errc() || end != value.data() + value.size() || seconds < 0)
      return std::nullopt;
    const auto limit = std::chrono::seconds(seconds) - kMargin;
    return std::max(std::chrono::milliseconds(0), std::chrono::milliseconds(limit));
  }
  return std::nullopt;
}

}  // namespace erpbridge::http
