// Route patterns: "/v1/events/{id}" matches "/v1/events/evt%2F1" with id = "evt/1". A {name}
// matches exactly one non-empty segment, so an encoded '/' inside an id cannot change the route.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace erpbridge::api {

// The decoded parameters in `params` and true, or false (params untouched).
bool match_pattern(std::string_view pattern, std::string_view raw_path,
                   std::vector<std::string>& params);

}  // namespace erpbridge::api
