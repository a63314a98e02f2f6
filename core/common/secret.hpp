// A resolved secret (${env:NAME} / ${file:PATH}). It has no stream operator and its
// description never shows the value, so it cannot leak into a log line by accident.
#pragma once

#include <string>
#include <utility>

namespace erpbridge {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  std::string redacted() const { return value_.empty() ? "" : "***"; }

 private:
  std::string value_;
};

}  // namespace erpbridge
