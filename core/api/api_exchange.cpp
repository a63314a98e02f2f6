#include "api/api_exchange.hpp"

#include <algorithm>
#include <cctype>

namespace erpbridge::api {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool names_xml(std::string_view media_type) {
  const std::string type = lower(media_type.substr(0, media_type.find(';')));
  return type.find("/xml") != std::string::npos || type.ends_with("+xml");
}

std::string media_type(std::string_view content_type) {
  std::string type = lower(content_type.substr(0, content_type.find(';')));
  const auto first = type.find_first_not_of(" \t");
  const auto last = type.find_last_not_of(" \t");
  return first == std::string::npos ? std::string() : type.substr(first, last - first + 1);
}

}  // namespace

bool declares_json(const Headers& headers) {
  const auto type = headers.get("Content-Type");
  if (!type) return false;
  const std::string media = media_type(*type);
  return media == "application/json" ||
         (media.starts_with("application/") && media.ends_with("+json"));
}

void Headers::add(std::string name, std::string value) {
  entries_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Headers::get(std::string_view name) const {
  for (const auto& [n, v] : entries_)
    if (iequals(n, name)) return v;
  return std::nullopt;
}

BodyFormat format_of(const Headers& headers, bool has_body) {
  if (has_body) {
    auto type = headers.get("Content-Type");
    return type && names_xml(*type) ? BodyFormat::xml : BodyFormat::json;
  }
  // Without a body, XML only when the caller asks for it and not for JSON as well.
  auto accept = headers.get("Accept");
  if (!accept) return BodyFormat::json;
  const std::string wanted = lower(*accept);
  return wanted.find("xml") != std::string::npos && wanted.find("json") == std::string::npos
             ? BodyFormat::xml
             : BodyFormat::json;
}

}  // namespace erpbridge::api
