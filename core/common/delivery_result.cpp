#include "common/delivery_result.hpp"

namespace erpbridge {

const char* to_string(ResultClass c) {
  switch (c) {
    case ResultClass::ok:
      return "ok";
    case ResultClass::invalid:
      return "invalid";
    case ResultClass::retryable:
      return "retryable";
    case ResultClass::permanent:
      return "permanent";
    case ResultClass::in_doubt:
      return "in_doubt";
  }
  return "unknown";
}

}  // namespace erpbridge
