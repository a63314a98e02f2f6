#include "config/json_pointer.hpp"

namespace erpbridge::config {

std::optional<std::string> parent_pointer(std::string_view pointer) {
  if (pointer.empty() || pointer.front() != '/') return std::nullopt;
  return std::string(pointer.substr(0, pointer.rfind('/')));
}

}  // namespace erpbridge::config
