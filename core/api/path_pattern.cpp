#include "api/path_pattern.hpp"

#include "api/url_encoding.hpp"

namespace erpbridge::api {

namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.starts_with('/')) path.remove_prefix(1);
  while (true) {
    const std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

bool match_pattern(std::string_view pattern, std::string_view raw_path,
                   std::vector<std::string>& params) {
  const auto want = segments(pattern);
  const auto have = segments(raw_path);
  if (want.size() != have.size()) return false;
  std::vector<std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].starts_with('{')) {
      auto value = percent_decode(have[i]);
      if (!value || value->empty()) return false;
      found.push_back(std::move(*value));
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace erpbridge::api
